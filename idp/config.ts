/**
 * The dev IdP's environment, parsed once at start. A bad value stops the
 * process with one message that lists every problem.
 */
import { z } from "zod";
import { DEV_DEFAULTS } from "../common/dev-defaults";
import { parseEnv } from "../common/env";
import { DEFAULT_API_AUDIENCE, DEFAULT_CLIENT_ID } from "../common/step-up";
import { IMPERSONATED, IMPERSONATIONS, type Impersonation } from "./impersonation";

const origin = z.url().transform((value) => new URL(value).origin);

const schema = z
  .object({
    IDP_PORT: z.coerce.number().int().min(1).max(65535).default(DEV_DEFAULTS.idpPort),
    OIDC_ISSUER: z.url().optional(),
    APP_BASE_URL: origin.default(DEV_DEFAULTS.appBaseUrl),
    IDP_APP_ORIGINS: z
      .string()
      .optional()
      .transform((value, ctx) => {
        const list = (value ?? "")
          .split(",")
          .map((item) => item.trim())
          .filter(Boolean);
        const origins: string[] = [];
        for (const item of list) {
          const parsed = origin.safeParse(item);
          if (parsed.success) origins.push(parsed.data);
          else ctx.addIssue({ code: "custom", message: `not a URL: ${item}` });
        }
        return origins;
      }),
    /** Where the intranet hears that a provider session ended (OIDC Back-Channel Logout). Unset: the first app origin's. */
    IDP_BACKCHANNEL_LOGOUT_URI: z.url().optional(),
    OIDC_CLIENT_ID: z.string().min(1).default(DEFAULT_CLIENT_ID),
    OIDC_CLIENT_SECRET: z.string().min(16).default(DEV_DEFAULTS.clientSecret),
    FABRIKAM_API_AUDIENCE: z.url().default(DEFAULT_API_AUDIENCE),
    IDP_MFA_POLICY: z.enum(["on", "off"]).default("on"),
    /** `off` lets the intranet client send a plain authorization request instead of a pushed one (RFC 9126). */
    IDP_REQUIRE_PAR: z.enum(["on", "off"]).default("on"),
    /** The Accounts API's base URL, for its account directory (names on the approval pages). */
    IDP_DIRECTORY_URL: z.url().optional(),
    IDP_DIRECTORY_CLIENT_SECRET: z.string().min(16).default(DEV_DEFAULTS.directoryClientSecret),
    IDP_PROFILE: z.enum(IMPERSONATED).default("auth0"),
    IDP_DATA_DIR: z.string().min(1).default(".data/idp"),
    /** Seconds an account stays locked after five wrong passwords or codes. */
    IDP_LOCKOUT_SECONDS: z.coerce.number().int().positive().default(300),
    /** Wrong passwords or codes from one client address, for any usernames, before that address is paused. */
    IDP_LOCKOUT_CLIENT_FAILURES: z.coerce.number().int().positive().default(20),
    /** Dev-only test switch: accept a one-time code more than once (bulk token minting in tests). */
    IDP_TEST_ALLOW_OTP_REUSE: z.enum(["0", "1"]).default("0"),
    NODE_ENV: z.string().optional(),
  })
  .refine((e) => !(e.IDP_TEST_ALLOW_OTP_REUSE === "1" && e.NODE_ENV === "production"), {
    path: ["IDP_TEST_ALLOW_OTP_REUSE"],
    message: "is a test-only switch and is refused when NODE_ENV=production",
  });

export interface IdpConfig {
  port: number;
  issuer: string;
  /** Every app origin whose `/auth/callback` is registered for the client. */
  appOrigins: string[];
  /**
   * The intranet's back-channel logout endpoint. oidc-provider takes one per client while the client has one redirect
   * URI per app origin, so only the first origin (APP_BASE_URL) is told; other origins' sessions end at their idle timeout.
   */
  backchannelLogoutUri: string;
  clientId: string;
  clientSecret: string;
  apiAudience: string;
  mfaPolicy: "on" | "off";
  /** The intranet client must push its authorization requests (RFC 9126 PAR). */
  requirePar: boolean;
  /** Where the Accounts API's account directory lives; undefined: none, pages show account ids only. */
  directoryUrl?: string;
  /** The secret of the IdP's own client `fabrikam-idp`, which reads that directory. */
  directoryClientSecret: string;
  /** The vendor whose ACR/amr vocabulary the IdP speaks (IDP_PROFILE). */
  impersonation: Impersonation;
  dataDir: string;
  lockoutSeconds: number;
  /** Failures one client address may make within `lockoutSeconds`, whatever the usernames. */
  lockoutClientFailures: number;
  /** Test-only: one-time codes may be reused (never in production). */
  allowOtpReuse: boolean;
}

/** Parses `env` (process.env by default); throws one ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): IdpConfig {
  const e = parseEnv("The dev IdP", schema, env);
  const appOrigins = [...new Set([e.APP_BASE_URL, ...e.IDP_APP_ORIGINS])];
  return {
    port: e.IDP_PORT,
    // The issuer has no trailing slash: it must equal the `iss` claim byte for byte.
    issuer: (e.OIDC_ISSUER ?? `http://localhost:${e.IDP_PORT}`).replace(/\/+$/, ""),
    appOrigins,
    backchannelLogoutUri: e.IDP_BACKCHANNEL_LOGOUT_URI ?? `${e.APP_BASE_URL}/auth/backchannel-logout`,
    clientId: e.OIDC_CLIENT_ID,
    clientSecret: e.OIDC_CLIENT_SECRET,
    apiAudience: e.FABRIKAM_API_AUDIENCE,
    mfaPolicy: e.IDP_MFA_POLICY,
    requirePar: e.IDP_REQUIRE_PAR === "on",
    // Set but empty means "no directory" (unlike other variables, where blank means the default).
    directoryUrl: env.IDP_DIRECTORY_URL === "" ? undefined : (e.IDP_DIRECTORY_URL ?? DEV_DEFAULTS.apiUrl).replace(/\/+$/, ""),
    directoryClientSecret: e.IDP_DIRECTORY_CLIENT_SECRET,
    impersonation: IMPERSONATIONS[e.IDP_PROFILE],
    dataDir: e.IDP_DATA_DIR,
    lockoutSeconds: e.IDP_LOCKOUT_SECONDS,
    lockoutClientFailures: e.IDP_LOCKOUT_CLIENT_FAILURES,
    allowOtpReuse: e.IDP_TEST_ALLOW_OTP_REUSE === "1",
  };
}
