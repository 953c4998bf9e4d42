/**
 * Seconds the identity provider's clock may run ahead of ours before an `auth_time` it signed is refused as lying in
 * the future. The same on every freshness check (route policy, callback, and the Accounts API's step-up policy).
 */
export const AUTH_TIME_CLOCK_TOLERANCE_SECONDS = 60;

/** True when `authTime` (epoch seconds) is further in the future than clock skew explains: it cannot prove freshness. */
export function authTimeInFuture(authTime: number, now: number): boolean {
  return authTime - now > AUTH_TIME_CLOCK_TOLERANCE_SECONDS;
}
