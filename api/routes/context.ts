import type { IncomingMessage } from "node:http";
import type { ProviderProfile } from "../../common/profiles";
import type { AccessTokenVerifier, VerifiedAccessToken } from "../auth/verify-access-token";
import type { Database } from "../db/database";
import type { Logger } from "../http/logger";
import { ensureDemoAccounts } from "../ledger/provision";

/** Everything the route handlers need, injected so tests can run the API in-process. */
export interface ApiDependencies {
  db: Database;
  /** The origin clients use (API_PUBLIC_URL): request URLs, and so DPoP `htu`, are built on it, never on Host. */
  publicUrl: string;
  verifier: AccessTokenVerifier;
  /** Seconds: how recent the second factor must be for a transfer. */
  transferMaxAge: number;
  /** The identity provider's dialect: MFA evidence, the ACR to demand, scope names. */
  profile: ProviderProfile;
  /** Open starter accounts for subjects the ledger has never seen. */
  provisionDemoAccounts?: boolean;
  log: Logger;
}

/**
 * Verifies the request's access token. oauth4webapi wants a fetch `Request`; the real method and
 * URL are kept so a DPoP proof's htm/htu can be checked against them.
 */
export async function authenticate(deps: ApiDependencies, req: IncomingMessage, url: URL): Promise<VerifiedAccessToken> {
  const headers = new Headers();
  for (const name of ["authorization", "dpop"]) {
    const value = req.headers[name];
    if (typeof value === "string") headers.set(name, value);
  }
  const token = await deps.verifier.verify(new Request(url, { method: req.method ?? "GET", headers }));
  // A real tenant's users (sub "auth0|5f1c...") are not in the seed: give them accounts on first sight.
  if (deps.provisionDemoAccounts && (await ensureDemoAccounts(deps.db, token.sub, token.claims.name))) {
    deps.log({ level: "info", code: "demo_accounts_opened", sub: token.sub });
  }
  return token;
}
