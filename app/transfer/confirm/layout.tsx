import type { ReactNode } from "react";
import { PolicyGate } from "@/lib/auth/policy-layout";

export default function Layout({ children }: { children: ReactNode }) {
  return <PolicyGate path="/transfer/confirm">{children}</PolicyGate>;
}
