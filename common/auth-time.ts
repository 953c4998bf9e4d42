/**
 * How recent an authentication is, from its `auth_time` claim (seconds since the epoch). One rule for every
 * party that checks freshness: a time in the future is tolerated only within a small clock skew, never as
 * "fresh forever".
 */

/** Seconds an `auth_time` may lie in the future (clocks of the provider and this machine disagree a little). */
export const AUTH_TIME_CLOCK_TOLERANCE_SECONDS = 60;

/** True when `authTime` (epoch seconds) is further in the future than clock skew explains: it cannot prove freshness. */
export function authTimeInFuture(authTime: number, nowSeconds: number): boolean {
  return authTime - nowSeconds > AUTH_TIME_CLOCK_TOLERANCE_SECONDS;
}

/** `fresh`, or why not: no usable `auth_time`, one beyond the clock tolerance in the future, or older than `maxAge`. */
export type AuthTimeVerdict = "fresh" | "missing" | "future" | "stale";

/** Judges `authTime` against `maxAge` seconds at `nowSeconds`. */
export function judgeAuthTime(authTime: unknown, maxAge: number, nowSeconds: number): AuthTimeVerdict {
  if (typeof authTime !== "number" || !Number.isFinite(authTime)) return "missing";
  if (authTimeInFuture(authTime, nowSeconds)) return "future";
  return nowSeconds - authTime > maxAge ? "stale" : "fresh";
}
