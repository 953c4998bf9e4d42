import type { ReactNode } from "react";
import { PolicyGate } from "@/lib/auth/policy-layout";

// As the page: showing the form needs what /accounts needs; spending is checked by the action and the API.
export default function Layout({ children }: { children: ReactNode }) {
  return <PolicyGate path="/accounts">{children}</PolicyGate>;
}
