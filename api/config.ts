import { z } from "zod";
import { DEV_DEFAULTS } from "../common/dev-defaults";
import { ConfigError, parseEnv } from "../common/env";
import { httpsUnlessLoopback } from "../common/loopback";
import { type AccessTokenFormat, ProfileConfigError, type ProviderProfile, resolveProfile, type ScopeClaim, type TokenIdClaim } from "../common/profiles";
import { DEFAULT_API_AUDIENCE, DEFAULT_CLIENT_ID, DEFAULT_DIRECTORY_CLIENT_ID, DEFAULT_TRANSFER_MAX_AGE } from "../common/step-up";

export { ConfigError } from "../common/env";

// zod runs refinements even after its own URL check failed; an unparsable value is left to that check's message.
const unlessUnparsable = (check: (url: URL) => boolean) => (value: string) => !URL.canParse(value) || check(new URL(value));

// The public URL names where clients reach the API; routes are matched on the path, so no prefix is allowed.
const isOrigin = (url: URL) => url.pathname === "/" && !url.search && !url.hash && !url.username && !url.password && !/[?#]$/.test(url.href);

// Comma-separated client ids, each printable ASCII without spaces, quotes or commas.
const clientIds = z
  .string()
  .transform((value) =>
    value
      .split(",")
      .map((id) => id.trim())
      .filter(Boolean),
  )
  .pipe(
    z
      .array(z.string().regex(/^[\x21\x23-\x2b\x2d-\x5b\x5d-\x7e]+$/, "each client id must be printable ASCII without spaces, quotes or backslashes"))
      .min(1, "must name at least one client id"),
  );

const EnvSchema = z.object({
  API_PORT: z.coerce.number().int().min(0).max(65535).default(DEV_DEFAULTS.apiPort),
  OIDC_ISSUER: z
    .url({ protocol: /^https?$/ })
    .default(DEV_DEFAULTS.issuer)
    .refine(unlessUnparsable(httpsUnlessLoopback), { message: "must use https:// unless the issuer runs on localhost" }),
  API_PUBLIC_URL: z
    .url({ protocol: /^https?$/ })
    .refine(unlessUnparsable(isOrigin), { message: "must be an origin such as https://api.example.com: no path, query, fragment or credentials" })
    .refine(unlessUnparsable(httpsUnlessLoopback), { message: "must use https:// unless the API runs on localhost" })
    .optional(),
  FABRIKAM_API_AUDIENCE: z.string().min(1).default(DEFAULT_API_AUDIENCE),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  API_DB_POOL_SIZE: z.coerce.number().int().min(1).max(100).optional(),
  API_DATA_DIR: z.string().default(".data/api"),
  API_DEMO_ACCOUNTS: z.enum(["on", "off"]).default("on"),
  // Overrides of the profile's access-token format (see docs/providers/).
  API_ACCESS_TOKEN_FORMAT: z.enum(["rfc9068", "jwt"] satisfies AccessTokenFormat[]).optional(),
  API_SCOPE_CLAIM: z.enum(["scope", "scp"] satisfies ScopeClaim[]).optional(),
  API_TOKEN_ID_CLAIM: z.enum(["jti", "uti"] satisfies TokenIdClaim[]).optional(),
  // Printable ASCII without spaces or quotes, like a scope token.
  API_SCOPE_PREFIX: z
    .string()
    .regex(/^[\x21\x23-\x5b\x5d-\x7e]+$/, "must be printable ASCII without spaces or quotes")
    .default(""),
  API_ALLOWED_CLIENTS: clientIds.optional(),
  API_DIRECTORY_CLIENTS: clientIds.default([DEFAULT_DIRECTORY_CLIENT_ID]),
  API_REQUIRE_AUTHORIZATION_DETAILS: z.enum(["on", "off"]).optional(),
  OIDC_CLIENT_ID: z.string().trim().min(1).optional(),
  TRANSFER_MAX_AGE: z.coerce.number().int().positive().default(DEFAULT_TRANSFER_MAX_AGE),
});

/** The Accounts API's settings, validated once at start. */
export interface ApiConfig {
  port: number;
  /**
   * The origin clients use to reach the API (API_PUBLIC_URL), e.g. https://api.example.com behind TLS or a proxy.
   * DPoP proofs must name it in `htu`. Unset: the API's local URL, http://localhost:<port>.
   */
  publicUrl?: string;
  issuer: string;
  audience: string;
  /** Set: a real PostgreSQL server. Unset: embedded PGlite under `dataDir`. */
  databaseUrl: string | undefined;
  /** PostgreSQL only: most connections the pool opens (API_DB_POOL_SIZE; unset: DEFAULT_POOL_SIZE in db/postgres.ts). */
  dbPoolSize?: number;
  /** PGlite data directory, or `memory://` for a throwaway in-memory database. */
  dataDir: string;
  /** Seconds since the second factor within which a transfer is allowed. */
  transferMaxAge: number;
  /** Which claims prove MFA and which ACR to demand in challenges (API_PROFILE, else OIDC_PROFILE). */
  profile: ProviderProfile;
  /**
   * Prepended to each scope of a plain JWT access token before the scope check: Entra's `scp` omits the API's
   * Application ID URI (`transfer.funds`) that the intranet requests (`api://fabrikam-accounts/transfer.funds`).
   */
  scopePrefix?: string;
  /** Opens demo accounts for a subject the first time it calls (a real tenant's users are not in the seed). */
  provisionDemoAccounts: boolean;
  /**
   * Client ids whose tokens the API serves (API_ALLOWED_CLIENTS; default the intranet's OIDC_CLIENT_ID, else
   * `fabrikam-intranet`): another application of the same tenant must not obtain tokens this API honours.
   */
  allowedClients?: readonly string[];
  /**
   * Client ids that may read the account directory (API_DIRECTORY_CLIENTS, default `fabrikam-idp`): the IdP
   * showing whom a transfer pays. Never also a client of the customer routes, so neither kind of token crosses over.
   */
  directoryClients?: readonly string[];
  /**
   * A transfer token must approve the exact transfer (RFC 9396 `authorization_details`, API_REQUIRE_AUTHORIZATION_DETAILS;
   * default the profile's `rar`). Off, a token carrying details is still held to them.
   */
  requireAuthorizationDetails?: boolean;
}

/** Parses the API's environment variables; throws a ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): ApiConfig {
  let profile: ProviderProfile | undefined;
  let profileProblems: string[] = [];
  try {
    profile = resolveProfile(env, "API_PROFILE");
  } catch (error) {
    if (!(error instanceof ProfileConfigError)) throw error;
    profileProblems = [...error.problems];
  }
  const e = parseEnv("The Accounts API", EnvSchema, env, () => profileProblems);
  if (!profile) throw new ConfigError("The Accounts API", profileProblems);
  const allowedClients = e.API_ALLOWED_CLIENTS ?? [e.OIDC_CLIENT_ID ?? DEFAULT_CLIENT_ID];
  // A client in both lists could read every account's owner and move money with the same kind of token.
  const shared = e.API_DIRECTORY_CLIENTS.filter((id) => allowedClients.includes(id));
  if (shared.length > 0) {
    throw new ConfigError("The Accounts API", [`API_DIRECTORY_CLIENTS: must not name a client the customer routes serve (${shared.join(", ")})`]);
  }
  return {
    port: e.API_PORT,
    publicUrl: e.API_PUBLIC_URL === undefined ? undefined : new URL(e.API_PUBLIC_URL).origin,
    issuer: e.OIDC_ISSUER,
    audience: e.FABRIKAM_API_AUDIENCE,
    databaseUrl: e.DATABASE_URL,
    // Only when set, so the default lives in one place (db/postgres.ts).
    ...(e.API_DB_POOL_SIZE === undefined ? {} : { dbPoolSize: e.API_DB_POOL_SIZE }),
    dataDir: e.API_DATA_DIR,
    transferMaxAge: e.TRANSFER_MAX_AGE,
    profile: {
      ...profile,
      accessTokenFormat: e.API_ACCESS_TOKEN_FORMAT ?? profile.accessTokenFormat,
      scopeClaim: e.API_SCOPE_CLAIM ?? profile.scopeClaim,
      tokenIdClaim: e.API_TOKEN_ID_CLAIM ?? profile.tokenIdClaim,
    },
    scopePrefix: e.API_SCOPE_PREFIX,
    provisionDemoAccounts: e.API_DEMO_ACCOUNTS === "on",
    allowedClients,
    directoryClients: e.API_DIRECTORY_CLIENTS,
    requireAuthorizationDetails: e.API_REQUIRE_AUTHORIZATION_DETAILS === undefined ? profile.rar : e.API_REQUIRE_AUTHORIZATION_DETAILS === "on",
  };
}
