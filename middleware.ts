import type { NextRequest } from "next/server";
import { gate } from "@/lib/auth/gate";

/** The route gate lives in lib/auth/gate.ts, so moving to Next 16's proxy.ts is a rename. */
export function middleware(request: NextRequest) {
  return gate(request);
}

export const config = {
  runtime: "nodejs",
  // Everything but static assets and the auth routes themselves.
  matcher: ["/((?!_next/static|_next/image|favicon.ico|auth/).*)"],
};
