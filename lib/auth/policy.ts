import { authTimeInFuture } from "@/common/auth-time";
import { type ProviderProfile, showsMfa } from "@/common/profiles";
import { config } from "@/lib/config";
import { benchRoutePolicies } from "./bench-routes";

/** What a route demands of the session. Middleware, pages, actions and handlers all evaluate the same table. */
export interface RoutePolicy {
  /** Path prefix this policy guards (whole segments). */
  readonly path: string;
  /** What the route holds, for explanations ("salary information"). */
  readonly label: string;
  /** The route calls the Accounts API with the user's ordinary `read:accounts` token. */
  readonly apiAccess: boolean;
  /** A second factor must show in the ID token (acr/amr). */
  readonly mfa: boolean;
  /** ...and must be at most this many seconds old (`auth_time`). */
  readonly maxAgeSeconds?: number;
  /** Needs an unused single-use `transfer:funds` access token. */
  readonly transferToken: boolean;
  /**
   * ...approved for the transfer waiting for confirmation (RFC 9396 authorization details), where the provider
   * approves exact transfers (the profile's `rar`); elsewhere any transfer token will do.
   */
  readonly transferApproval?: boolean;
}

/** The session facts a policy is evaluated against. Missing claims count as the weakest authentication. */
export interface AuthState {
  readonly acr?: string;
  readonly amr: readonly string[];
  /** Epoch seconds of the last authentication, from the ID token. */
  readonly authTime?: number;
  /** Epoch seconds at which the `read:accounts` access token expires. */
  readonly accessTokenExpiresAt?: number;
  /** Epoch seconds at which the single-use transfer token expires, if the session holds one. */
  readonly transferTokenExpiresAt?: number;
  /** The transfer the transfer token was approved for (lib/transfers/transfer-approval.ts). */
  readonly transferTokenApproves?: string;
  /** The transfer waiting for confirmation, named the same way. */
  readonly pendingTransferApproval?: string;
}

export type ShortfallReason = "signed_out" | "api_token_expired" | "mfa_required" | "mfa_stale" | "transfer_token_required";

export type PolicyVerdict = { readonly ok: true } | { readonly ok: false; readonly reason: ShortfallReason };

/** Builds the product's route table; the salary freshness window comes from configuration. */
export function routePolicies(salaryMaxAge: number): readonly RoutePolicy[] {
  return [
    { path: "/directory", label: "the employee directory", apiAccess: false, mfa: false, transferToken: false },
    { path: "/accounts", label: "your accounts", apiAccess: true, mfa: false, transferToken: false },
    { path: "/salary", label: "salary information", apiAccess: false, mfa: true, maxAgeSeconds: salaryMaxAge, transferToken: false },
    // Filling in the form needs what /accounts needs; confirming the transfer needs a second factor that approved it.
    { path: "/transfer", label: "the transfer form", apiAccess: true, mfa: false, transferToken: false },
    { path: "/transfer/confirm", label: "confirming a transfer", apiAccess: false, mfa: false, transferToken: true, transferApproval: true },
    { path: "/activity", label: "your activity", apiAccess: false, mfa: false, transferToken: false },
    { path: "/inspector", label: "your session and tokens", apiAccess: false, mfa: false, transferToken: false },
  ];
}

/** The policy guarding `pathname` in `policies` (the longest matching path), or undefined. */
export function policyFor(policies: readonly RoutePolicy[], pathname: string): RoutePolicy | undefined {
  return policies
    .filter((p) => pathname === p.path || pathname.startsWith(`${p.path}/`))
    .reduce<RoutePolicy | undefined>((best, p) => (best === undefined || p.path.length > best.path.length ? p : best), undefined);
}

/** The app's route table, as configured. */
export function routeTable(): readonly RoutePolicy[] {
  return routePolicies(config().salaryMfaMaxAge);
}

/**
 * The one way in: the policy guarding `path` (a pathname, or a local path with a query), or undefined for public
 * paths. The gate, pages, actions and handlers all ask here. Bench pages have policies only in `npm run bench`.
 */
export function policyForPath(path: string): RoutePolicy | undefined {
  const { pathname } = new URL(path, "http://path.invalid");
  return policyFor(routeTable(), pathname) ?? policyFor(benchRoutePolicies(config().salaryMfaMaxAge), pathname);
}

const stillValid = (expiresAt: number | undefined, now: number) => expiresAt !== undefined && expiresAt > now;

// An auth_time beyond clock skew in the future is not "fresh forever": it proves nothing, like a missing one.
const freshEnough = (authTime: number | undefined, maxAge: number, now: number) =>
  authTime !== undefined && now - authTime <= maxAge && !authTimeInFuture(authTime, now);

/** Decides whether a session (or none) satisfies a policy at `now` (epoch seconds); `profile` says what proves MFA. */
export function evaluatePolicy(policy: RoutePolicy, auth: AuthState | undefined, now: number, profile: ProviderProfile): PolicyVerdict {
  if (!auth) return { ok: false, reason: "signed_out" };
  if (policy.apiAccess && !stillValid(auth.accessTokenExpiresAt, now)) return { ok: false, reason: "api_token_expired" };
  if (policy.mfa && !showsMfa(profile, auth)) return { ok: false, reason: "mfa_required" };
  if (policy.maxAgeSeconds !== undefined && !freshEnough(auth.authTime, policy.maxAgeSeconds, now)) return { ok: false, reason: "mfa_stale" };
  if (policy.transferToken && !stillValid(auth.transferTokenExpiresAt, now)) return { ok: false, reason: "transfer_token_required" };
  // A token approved for another transfer (RFC 9396) is not this one's: the second factor must approve this one.
  if (policy.transferApproval && profile.rar && auth.transferTokenApproves !== auth.pendingTransferApproval) {
    return { ok: false, reason: "transfer_token_required" };
  }
  return { ok: true };
}

/** Parameters of the authorization request that closes a shortfall. Derived from server-side policy only. */
export interface AuthorizationNeeds {
  readonly scope: string;
  readonly acrValues?: string;
  readonly maxAge?: number;
  /** This request obtains the single-use transfer token (kept apart from the read token). */
  readonly purpose: "sign_in" | "transfer";
}

/** Scopes of an ordinary sign-in: identity plus the everyday API scope, as the provider spells it. */
export function signInScope(profile: ProviderProfile): string {
  return `openid profile email ${profile.scopes.readAccounts}`;
}

/**
 * The authorization request that closes `reason` for `policy` (a plain sign-in when there is no policy).
 * `acrValues` is the profile's MFA ACR; how it is sent (acr_values, claims) is the request builder's business.
 */
export function authorizationNeeds(policy: RoutePolicy | undefined, reason: ShortfallReason | undefined, profile: ProviderProfile): AuthorizationNeeds {
  if (policy?.transferToken && reason === "transfer_token_required") {
    // The seed's API step-up: ask again, this time for the high-value scope; the IdP then demands MFA.
    return { scope: `openid ${profile.scopes.transferFunds}`, acrValues: profile.mfaAcr, purpose: "transfer" };
  }
  // Signed out of a transfer page: sign in first; the next pass through the gate asks for the transfer scope.
  if (!policy?.mfa) return { scope: signInScope(profile), purpose: "sign_in" };
  return { scope: signInScope(profile), acrValues: profile.mfaAcr, maxAge: policy.maxAgeSeconds, purpose: "sign_in" };
}
