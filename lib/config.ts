import { z } from "zod";
import { ProfileConfigError, resolveProfile, type ProviderProfile } from "@/common/profiles";
import { DEFAULT_API_AUDIENCE, DEFAULT_CLIENT_ID } from "@/common/step-up";

/** Dev-only values, so `npm run dev` works with no `.env`. Never used when NODE_ENV=production. */
const DEV_DEFAULTS = {
  APP_BASE_URL: "http://localhost:3000",
  OIDC_ISSUER: "http://localhost:4000",
  OIDC_CLIENT_SECRET: "fabrikam-intranet-dev-secret",
  SESSION_SECRET: "dev-only-session-secret-0123456789-abcdefghijklmnop",
  FABRIKAM_API_URL: "http://localhost:4001",
} as const;

const required = { error: (issue: { input: unknown }) => (issue.input === undefined ? "is not set" : "must be text") };
const url = z
  .string(required)
  .pipe(z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }))
  .transform((value) => value.replace(/\/+$/, ""));

const schema = z.object({
  APP_BASE_URL: url,
  OIDC_ISSUER: url,
  OIDC_CLIENT_ID: z.string().min(1).default(DEFAULT_CLIENT_ID),
  OIDC_CLIENT_SECRET: z.string(required).min(1, "is not set (the client secret registered at your provider)"),
  SESSION_SECRET: z.string(required).min(32, "must be at least 32 characters (try: openssl rand -base64 32)"),
  FABRIKAM_API_URL: url,
  FABRIKAM_API_AUDIENCE: z.string().min(1).default(DEFAULT_API_AUDIENCE),
  /** Seconds a second factor stays fresh enough for /salary. */
  SALARY_MFA_MAX_AGE: z.coerce.number().int().positive().default(900),
  /** Absolute session lifetime in seconds. */
  SESSION_MAX_AGE: z.coerce.number().int().positive().default(8 * 60 * 60),
  /** Seconds without a request after which a session ends. */
  SESSION_IDLE_TIMEOUT: z.coerce.number().int().positive().default(30 * 60),
  /** Seconds after which new transfer tokens are bound to a new DPoP key; the old key stays until its tokens expire. */
  DPOP_KEY_MAX_AGE: z.coerce.number().int().positive().default(7 * 24 * 60 * 60),
  /** PostgreSQL for the intranet's sessions and audit events; unset: embedded PGlite in APP_DATA_DIR. */
  DATABASE_URL: z.string().optional(),
  APP_DATA_DIR: z.string().min(1).default(".data/app"),
});

export type AppConfig = z.infer<typeof schema> & {
  secureCookies: boolean;
  /** The identity provider's dialect (OIDC_PROFILE and its overrides). */
  profile: ProviderProfile;
};

/** Thrown when the environment is unusable; lists every problem at once. */
export class ConfigError extends Error {
  readonly code = "config_invalid";
}

/** Parses an environment (pure, so tests can feed it anything). */
export function parseConfig(env: Record<string, string | undefined>): AppConfig {
  // The demo launcher (scripts/run.ts) sets FABRIKAM_DEMO=1 so `npm start` runs the local demo as-is.
  const production = env.NODE_ENV === "production" && env.FABRIKAM_DEMO !== "1";
  // An empty value (`DATABASE_URL=` in a copied .env.example) means "not set".
  const input: Record<string, string | undefined> = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ""));
  for (const [key, value] of Object.entries(DEV_DEFAULTS)) {
    if (!production && !input[key]) input[key] = value;
  }
  const result = schema.safeParse(input);
  let profile: ProviderProfile | undefined;
  const profileProblems: string[] = [];
  try {
    profile = resolveProfile(input);
  } catch (error) {
    if (!(error instanceof ProfileConfigError)) throw error;
    profileProblems.push(...error.problems.map((problem) => `  - ${problem}`));
  }
  if (!result.success || !profile) {
    const issues = result.success ? [] : result.error.issues;
    const problems = [...issues.map((issue) => `  - ${issue.path.join(".")}: ${issue.message}`), ...profileProblems];
    throw new ConfigError(
      `Fabrikam Intranet cannot start: ${problems.length} environment problem(s)\n${problems.join("\n")}\n` +
        "See .env.example for every variable and its meaning.",
    );
  }
  return { ...result.data, secureCookies: result.data.APP_BASE_URL.startsWith("https://"), profile };
}

let cached: AppConfig | undefined;

/** The app's configuration, parsed once per process. */
export function config(): AppConfig {
  cached ??= parseConfig(process.env);
  return cached;
}
