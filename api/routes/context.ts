import type { IncomingMessage } from "node:http";
import type { AccessTokenVerifier, VerifiedAccessToken } from "../auth/verify-access-token";
import type { Database } from "../db/database";
import type { Logger } from "../http/logger";

/** Everything the route handlers need, injected so tests can run the API in-process. */
export interface ApiDependencies {
  db: Database;
  verifier: AccessTokenVerifier;
  /** Seconds: how recent the second factor must be for a transfer. */
  transferMaxAge: number;
  log: Logger;
}

/**
 * Verifies the request's access token. oauth4webapi wants a fetch `Request`; the real method and
 * URL are kept so a DPoP proof's htm/htu can be checked against them.
 */
export function authenticate(deps: ApiDependencies, req: IncomingMessage, url: URL): Promise<VerifiedAccessToken> {
  const headers = new Headers();
  for (const name of ["authorization", "dpop"]) {
    const value = req.headers[name];
    if (typeof value === "string") headers.set(name, value);
  }
  return deps.verifier.verify(new Request(url, { method: req.method ?? "GET", headers }));
}
