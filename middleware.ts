import { NextResponse, type NextRequest } from "next/server";
import { benchPathDisabled } from "@/lib/auth/bench-routes";
import { gate } from "@/lib/auth/gate";

/** The route gate lives in lib/auth/gate.ts, so moving to Next 16's proxy.ts is a rename. */
export function middleware(request: NextRequest) {
  // BENCH ONLY: the /bench pages' own notFound() streams behind app/loading.tsx with status 200; make it a real 404.
  if (benchPathDisabled(request.nextUrl.pathname)) return NextResponse.rewrite(new URL("/_bench-disabled", request.url), { status: 404 });
  return gate(request);
}

export const config = {
  runtime: "nodejs",
  // Everything but static assets and the auth routes themselves.
  matcher: ["/((?!_next/static|_next/image|favicon.ico|auth/).*)"],
};
