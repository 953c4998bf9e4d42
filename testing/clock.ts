/**
 * Waiting for the clock, for tests whose condition is time itself (auth_time ages, a TOTP step begins): the wait
 * ends when the condition holds, computed from the clock, never after a fixed guess.
 */

/** Resolves once the wall clock is past `epochSeconds` (e.g. an `auth_time` plus a max age); at once if it already is. */
export async function untilClockPasses(epochSeconds: number): Promise<void> {
  if (!Number.isFinite(epochSeconds)) throw new RangeError(`not a time: ${epochSeconds}`);
  // Timers may fire a little early; check the clock again until it really is past.
  while (Date.now() <= epochSeconds * 1000) {
    await new Promise((resolve) => setTimeout(resolve, epochSeconds * 1000 - Date.now() + 1));
  }
}
