import { z } from "zod";
import { DEV_DEFAULTS } from "@/common/dev-defaults";
import { ConfigError, parseEnv } from "@/common/env";
import { ProfileConfigError, type ProviderProfile, resolveProfile } from "@/common/profiles";
import { DEFAULT_API_AUDIENCE, DEFAULT_CLIENT_ID } from "@/common/step-up";

export { ConfigError } from "@/common/env";

const required = { error: (issue: { input: unknown }) => (issue.input === undefined ? "is not set" : "must be text") };
const url = z
  .string(required)
  .pipe(z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }))
  .transform((value) => value.replace(/\/+$/, ""));
const seconds = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const schema = z.object({
  APP_BASE_URL: url,
  OIDC_ISSUER: url,
  OIDC_CLIENT_ID: z.string().min(1).default(DEFAULT_CLIENT_ID),
  OIDC_CLIENT_SECRET: z.string(required).min(1, "is not set (the client secret registered at your provider)"),
  SESSION_SECRET: z.string(required).min(32, "must be at least 32 characters (try: openssl rand -base64 32)"),
  FABRIKAM_API_URL: url,
  FABRIKAM_API_AUDIENCE: z.string().min(1).default(DEFAULT_API_AUDIENCE),
  SALARY_MFA_MAX_AGE: seconds(900),
  SESSION_MAX_AGE: seconds(8 * 60 * 60),
  SESSION_IDLE_TIMEOUT: seconds(30 * 60),
  DATABASE_URL: z.string().optional(),
  APP_DATA_DIR: z.string().min(1).default(".data/app"),
  DPOP_KEY_MAX_AGE: seconds(7 * 24 * 60 * 60),
  // Behind a load balancer, the one URL every instance gives the provider for Shared Signals pushes.
  SSF_EVENTS_URL: url.optional(),
  // How people know the provider (its sign-in page's name); said in notices and on the activity page.
  OIDC_PROVIDER_NAME: z.string().trim().max(60, "must be at most 60 characters").optional(),
});

/** The intranet's settings, validated once. */
export interface AppConfig {
  /** Public URL of the intranet, without a trailing slash; the callback is `${appBaseUrl}/auth/callback`. */
  readonly appBaseUrl: string;
  /** The OpenID Provider's issuer URL. */
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Seals cookies and, through HKDF, the DPoP key at rest. */
  readonly sessionSecret: string;
  /** Where the intranet calls the Accounts API. */
  readonly apiUrl: string;
  /** The API's identifier (`aud`; Auth0 `audience` or RFC 8707 `resource`). */
  readonly apiAudience: string;
  /** Seconds a second factor stays fresh enough for /salary. */
  readonly salaryMfaMaxAge: number;
  /** Absolute session lifetime, seconds. */
  readonly sessionMaxAge: number;
  /** Seconds without a request after which a session ends. */
  readonly sessionIdleTimeout: number;
  /** PostgreSQL for the intranet's sessions, keys and audit events; unset: embedded PGlite in `dataDir`. */
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  /** Seconds after which new transfer tokens are bound to a new DPoP key. */
  readonly dpopKeyMaxAge: number;
  /** Served over https: every cookie gets Secure and `__Host-`. */
  readonly secureCookies: boolean;
  /** The identity provider's dialect (OIDC_PROFILE and its overrides). */
  readonly profile: ProviderProfile;
  /** Where the provider pushes Shared Signals events (SSF_EVENTS_URL; default `${appBaseUrl}/auth/ssf/events`). */
  readonly ssfEventsUrl: string;
  /**
   * The provider as people know it (OIDC_PROVIDER_NAME): "Fabrikam Identity" for the demo's dev IdP, else "your
   * identity provider" unless set (a vendor's name is rarely what a company's sign-in page shows).
   */
  readonly providerName: string;
}

// As the dev IdP names itself on its pages (idp/views/layout.ts).
const DEV_PROVIDER_NAME = "Fabrikam Identity";
const GENERIC_PROVIDER_NAME = "your identity provider";

// Dev defaults, so `npm run dev` works with no .env; never used by a production deployment.
const DEV_VALUES: Record<string, string> = {
  APP_BASE_URL: DEV_DEFAULTS.appBaseUrl,
  OIDC_ISSUER: DEV_DEFAULTS.issuer,
  OIDC_CLIENT_SECRET: DEV_DEFAULTS.clientSecret,
  SESSION_SECRET: DEV_DEFAULTS.sessionSecret,
  FABRIKAM_API_URL: DEV_DEFAULTS.apiUrl,
};

/** Parses an environment (pure, so tests can feed it anything); throws one ConfigError listing every problem. */
export function parseConfig(env: Record<string, string | undefined>): AppConfig {
  // The demo launcher (scripts/run.ts) sets FABRIKAM_DEMO=1 so `npm start` runs the local demo as-is.
  const production = env.NODE_ENV === "production" && env.FABRIKAM_DEMO !== "1";
  const input = production ? env : { ...DEV_VALUES, ...Object.fromEntries(Object.entries(env).filter(([, value]) => value)) };
  let profile: ProviderProfile | undefined;
  let profileProblems: string[] = [];
  try {
    profile = resolveProfile(input);
  } catch (error) {
    if (!(error instanceof ProfileConfigError)) throw error;
    profileProblems = [...error.problems];
  }
  const e = parseEnv("Fabrikam Intranet", schema, input, () => profileProblems);
  if (!profile) throw new ConfigError("Fabrikam Intranet", profileProblems);
  return {
    appBaseUrl: e.APP_BASE_URL,
    issuer: e.OIDC_ISSUER,
    clientId: e.OIDC_CLIENT_ID,
    clientSecret: e.OIDC_CLIENT_SECRET,
    sessionSecret: e.SESSION_SECRET,
    apiUrl: e.FABRIKAM_API_URL,
    apiAudience: e.FABRIKAM_API_AUDIENCE,
    salaryMfaMaxAge: e.SALARY_MFA_MAX_AGE,
    sessionMaxAge: e.SESSION_MAX_AGE,
    sessionIdleTimeout: e.SESSION_IDLE_TIMEOUT,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.APP_DATA_DIR,
    dpopKeyMaxAge: e.DPOP_KEY_MAX_AGE,
    ssfEventsUrl: e.SSF_EVENTS_URL ?? `${e.APP_BASE_URL}/auth/ssf/events`,
    secureCookies: e.APP_BASE_URL.startsWith("https://"),
    profile,
    // The demo launcher sets FABRIKAM_DEMO only when it runs the dev IdP (scripts/run.ts).
    // Blank counts as unset, as an empty line in an .env file means.
    providerName: e.OIDC_PROVIDER_NAME || (env.FABRIKAM_DEMO === "1" ? DEV_PROVIDER_NAME : GENERIC_PROVIDER_NAME),
  };
}

let cached: AppConfig | undefined;

/** The app's configuration, parsed once per process. */
export function config(): AppConfig {
  cached ??= parseConfig(process.env);
  return cached;
}
