import { z } from "zod";
import { ProfileConfigError, resolveProfile, type ProviderProfile } from "../common/profiles";
import { DEFAULT_API_AUDIENCE, DEFAULT_TRANSFER_MAX_AGE } from "../common/step-up";

/** Hosts for which a plain-http issuer is tolerated (the dev IdP on this machine). */
export const LOCAL_HOSTS: readonly string[] = ["localhost", "127.0.0.1", "[::1]"];

/** True when `url` is served from this machine, where http:// is acceptable for development. */
export function isLocalUrl(url: URL): boolean {
  return LOCAL_HOSTS.includes(url.hostname);
}

// Empty strings count as "not set", so a blank line in .env falls back to the default.
const blankToUndefined = (value: unknown) => (value === "" ? undefined : value);

const EnvSchema = z.object({
  API_PORT: z.preprocess(blankToUndefined, z.coerce.number().int().min(0).max(65535).default(4001)),
  OIDC_ISSUER: z.preprocess(
    blankToUndefined,
    z
      .url({ protocol: /^https?$/ })
      .default("http://localhost:4000")
      .refine((value) => value.startsWith("https://") || isLocalUrl(new URL(value)), {
        message: "must use https:// unless the issuer runs on localhost",
      }),
  ),
  FABRIKAM_API_AUDIENCE: z.preprocess(blankToUndefined, z.string().min(1).default(DEFAULT_API_AUDIENCE)),
  DATABASE_URL: z.preprocess(blankToUndefined, z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  API_DATA_DIR: z.preprocess(blankToUndefined, z.string().default(".data/api")),
  API_DEMO_ACCOUNTS: z.preprocess(blankToUndefined, z.enum(["on", "off"]).default("on")),
  TRANSFER_MAX_AGE: z.preprocess(
    blankToUndefined,
    z.coerce.number().int().positive().default(DEFAULT_TRANSFER_MAX_AGE),
  ),
});

/** The Accounts API's settings, validated once at start. */
export interface ApiConfig {
  port: number;
  issuer: string;
  audience: string;
  /** Set: a real PostgreSQL server. Unset: embedded PGlite under `dataDir`. */
  databaseUrl: string | undefined;
  /** PGlite data directory, or `memory://` for a throwaway in-memory database. */
  dataDir: string;
  /** Seconds since the second factor within which a transfer is allowed. */
  transferMaxAge: number;
  /** Which claims prove MFA and which ACR to demand in challenges (API_PROFILE, else OIDC_PROFILE). */
  profile: ProviderProfile;
  /** Opens demo accounts for a subject the first time it calls (a real tenant's users are not in the seed). */
  provisionDemoAccounts: boolean;
}

/** Thrown when the environment is invalid; the message lists every problem at once. */
export class ConfigError extends Error {
  readonly code = "config_invalid";
  constructor(readonly problems: string[]) {
    super(`Invalid Accounts API configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Parses the API's environment variables; throws a ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): ApiConfig {
  const parsed = EnvSchema.safeParse(env);
  const problems = parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
  let profile: ProviderProfile | undefined;
  try {
    profile = resolveProfile(env, "API_PROFILE");
  } catch (error) {
    if (!(error instanceof ProfileConfigError)) throw error;
    problems.push(...error.problems);
  }
  if (!parsed.success || !profile) throw new ConfigError(problems);
  const e = parsed.data;
  return {
    port: e.API_PORT,
    issuer: e.OIDC_ISSUER,
    audience: e.FABRIKAM_API_AUDIENCE,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.API_DATA_DIR,
    transferMaxAge: e.TRANSFER_MAX_AGE,
    profile,
    provisionDemoAccounts: e.API_DEMO_ACCOUNTS === "on",
  };
}
