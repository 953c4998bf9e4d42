import type { IncomingMessage } from "node:http";
import type { ProviderProfile } from "../../common/profiles";
import { DEFAULT_DIRECTORY_CLIENT_ID } from "../../common/step-up";
import type { AccessTokenVerifier, VerifiedAccessToken } from "../auth/verify-access-token";
import type { Database } from "../db/database";
import { invalidRequest } from "../http/errors";
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
  /** A transfer token must approve the exact transfer (RFC 9396); off, a token carrying details is still held to them. */
  requireAuthorizationDetails?: boolean;
  /** Clients the directory serves (API_DIRECTORY_CLIENTS); the customer routes serve the verifier's own list. */
  directoryClients?: readonly string[];
  /** Open starter accounts for subjects the ledger has never seen. */
  provisionDemoAccounts?: boolean;
  log: Logger;
}

/**
 * Which clients a route serves: `customer` routes (accounts, payees, transfers) the intranet's (API_ALLOWED_CLIENTS),
 * the `directory` the IdP's (API_DIRECTORY_CLIENTS). Neither kind of token reaches the other family's routes.
 */
export type RouteFamily = "customer" | "directory";

/**
 * Verifies the request's access token and that its client is one `family` serves, nothing more (no side effects:
 * a route decides what its token must also show). oauth4webapi wants a fetch `Request`; the method and public URL
 * are kept for a DPoP proof's htm/htu.
 */
export async function verifyRequestToken(
  deps: ApiDependencies,
  req: IncomingMessage,
  url: URL,
  family: RouteFamily = "customer",
): Promise<VerifiedAccessToken> {
  // Node keeps the first of several Authorization headers; a proxy might use another, so none is guessed.
  if ((req.headersDistinct.authorization?.length ?? 0) > 1) throw invalidRequest("Send one Authorization header, not several.");
  // Only the two headers the check reads, as a plain record: Request copies them once (no Headers object first).
  const headers: Record<string, string> = {};
  if (typeof req.headers.authorization === "string") headers.authorization = req.headers.authorization;
  if (typeof req.headers.dpop === "string") headers.dpop = req.headers.dpop;
  const clients = family === "directory" ? (deps.directoryClients ?? [DEFAULT_DIRECTORY_CLIENT_ID]) : undefined;
  // The href, not the URL object: Request would stringify it again on every call.
  return deps.verifier.verify(new Request(url.href, { method: req.method ?? "GET", headers }), clients);
}

/**
 * Opens demo accounts, paid out of the bank's reserve, for a subject the ledger has never seen (a real tenant's
 * users are not in the seed). Call it only after the route's checks (token, scope) passed, so a token that is
 * refused opens nothing.
 */
export async function openDemoAccountsOnFirstSight(deps: ApiDependencies, token: VerifiedAccessToken): Promise<void> {
  if (!deps.provisionDemoAccounts) return;
  const outcome = await ensureDemoAccounts(deps.db, token.sub, token.claims.name);
  if (outcome === "opened") deps.log({ level: "info", code: "demo_accounts_opened", sub: token.sub });
  if (outcome === "opened_unfunded") deps.log({ level: "warn", code: "demo_reserve_exhausted", sub: token.sub, detail: "accounts opened empty" });
}
