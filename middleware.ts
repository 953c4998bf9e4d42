import type { NextRequest } from "next/server";
import { gate } from "@/lib/auth/gate";
import { refusePageRequest } from "@/lib/auth/page-requests";
import { config as appConfig } from "@/lib/config";
import { newNonce, securityHeaders } from "@/lib/security-headers";

/** The route gate lives in lib/auth/gate.ts, so moving to Next 16's proxy.ts is a rename. */
export async function middleware(request: NextRequest) {
  const app = appConfig();
  const nonce = newNonce();
  const headers = securityHeaders({
    nonce,
    idpOrigin: new URL(app.issuer).origin,
    https: app.appBaseUrl.startsWith("https://"),
    development: process.env.NODE_ENV !== "production",
  });
  // Next.js reads the nonce from the request's CSP header and puts it on the scripts it renders.
  const forward = new Headers(request.headers);
  forward.set("x-nonce", nonce);
  forward.set("Content-Security-Policy", headers["Content-Security-Policy"] ?? "");
  // Posts a page cannot take get a 4xx here; Next.js would answer some of them with a 500.
  const refused = await refusePageRequest(request, new URL(app.appBaseUrl).origin);
  // Only documents need the nonce; rewriting the request headers of a POST stalls its body in Node middleware.
  const response = refused ?? (await gate(request, request.method === "GET" || request.method === "HEAD" ? forward : undefined));
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  runtime: "nodejs",
  // Everything but static assets; auth routes get the headers too (the gate has no policy for them).
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
