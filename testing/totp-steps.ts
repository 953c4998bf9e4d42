/**
 * Which one-time code a test may type at an IdP that accepts each code once (RFC 6238 §5.2): the IdP takes a code
 * from one step of drift either way (idp/totp.ts) and only a step later than the last it took from the user.
 */

/** RFC 6238 time step length, as the dev IdP uses it. */
export const TOTP_PERIOD_MS = 30_000;

/** The RFC 6238 counter at `ms`. */
export const stepAt = (ms: number): number => Math.floor(ms / TOTP_PERIOD_MS);

/**
 * The earliest step after `lastSpent` that the IdP accepts for `marginMs` from when it is typed, and when it may be
 * typed: now, or — when the steps before, at and after the current one are all spent — once the step before it begins.
 * `marginMs` covers typing the code and the IdP checking it; it must be below one period.
 */
export function nextUnspentStep(lastSpent: number, nowMs: number, marginMs: number): { step: number; readyAtMs: number } {
  if (!(marginMs >= 0 && marginMs < TOTP_PERIOD_MS)) throw new RangeError(`marginMs must be in [0, ${TOTP_PERIOD_MS}): ${marginMs}`);
  const step = Math.max(lastSpent + 1, stepAt(nowMs + marginMs) - 1);
  return { step, readyAtMs: Math.max(nowMs, (step - 1) * TOTP_PERIOD_MS) };
}
