import type { ProviderProfile } from "@/common/profiles";
import { type AuthState, evaluatePolicy, type PolicyVerdict, type RoutePolicy } from "./policy";

/** A route's verdict for the current session, and until when a passing verdict holds. */
export interface PolicyStanding {
  readonly policy: RoutePolicy;
  readonly verdict: PolicyVerdict;
  /** Epoch seconds at which the first requirement lapses (freshness, token expiry); undefined when it fails or never lapses. */
  readonly satisfiedUntil?: number;
}

/**
 * Evaluates every route policy and, for those the session meets, the moment it stops meeting them:
 * the earliest of the second factor's freshness window and the tokens the route relies on.
 */
export function policyStandings(policies: readonly RoutePolicy[], auth: AuthState | undefined, now: number, profile: ProviderProfile): PolicyStanding[] {
  return policies.map((policy) => {
    const verdict = evaluatePolicy(policy, auth, now, profile);
    if (!verdict.ok || !auth) return { policy, verdict };
    const limits: number[] = [];
    if (policy.maxAgeSeconds !== undefined && auth.authTime !== undefined) limits.push(auth.authTime + policy.maxAgeSeconds);
    if (policy.apiAccess && auth.accessTokenExpiresAt !== undefined) limits.push(auth.accessTokenExpiresAt);
    if (policy.transferToken && auth.transferTokenExpiresAt !== undefined) limits.push(auth.transferTokenExpiresAt);
    return { policy, verdict, satisfiedUntil: limits.length > 0 ? Math.min(...limits) : undefined };
  });
}
