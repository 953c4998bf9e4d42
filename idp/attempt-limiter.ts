/**
 * Slows down guessing (OWASP ASVS V6.3): after `maxFailures` wrong passwords or codes under one key (a username, a
 * client address), that key is locked for `lockSeconds`. A failure never shortens or clears a lock in force.
 * This is only the count; `idp/sign-in-guards.ts` decides when attempts may run, so that the count holds under
 * concurrency.
 *
 * In memory: the dev IdP is one process; a clustered provider would keep this in its shared store.
 */

export interface LimiterPolicy {
  readonly maxFailures: number;
  readonly lockSeconds: number;
  /**
   * Failures older than this many seconds (counted from the first of a series) are forgotten, and a success does
   * not clear the count. For keys a guesser controls the success of (their own client address); leave undefined
   * for usernames, where the owner's success starts the count over.
   */
  readonly windowSeconds?: number;
}

interface Entry {
  failures: number;
  lockedUntil: number;
  /** Start of the current series of failures, for `windowSeconds`. */
  since: number;
}

export class AttemptLimiter {
  private readonly entries = new Map<string, Entry>();

  constructor(readonly policy: LimiterPolicy) {}

  /** Seconds until `key` may try again; 0 when not locked. */
  lockedFor(key: string, now: number): number {
    const entry = this.current(normalize(key), now);
    return entry && entry.lockedUntil > now ? entry.lockedUntil - now : 0;
  }

  /**
   * Counts a wrong password or code for `key`; returns the seconds of lock in force afterwards (0 when none). A
   * failure while locked (an attempt that began before the lock) leaves the lock exactly as it is.
   */
  recordFailure(key: string, now: number): number {
    const k = normalize(key);
    const entry = this.current(k, now) ?? { failures: 0, lockedUntil: 0, since: now };
    this.entries.set(k, entry);
    if (entry.lockedUntil > now) return entry.lockedUntil - now;
    if (entry.failures === 0) entry.since = now;
    entry.failures += 1;
    if (entry.failures >= this.policy.maxFailures) {
      entry.lockedUntil = now + this.policy.lockSeconds;
      entry.failures = 0;
      return this.policy.lockSeconds;
    }
    return 0;
  }

  /** A right password or code: the count starts over, unless the key keeps its failures for a window. A lock stays. */
  recordSuccess(key: string, now: number): void {
    if (this.policy.windowSeconds !== undefined) return;
    const k = normalize(key);
    const entry = this.current(k, now);
    if (!entry) return;
    entry.failures = 0;
    if (entry.lockedUntil === 0) this.entries.delete(k);
  }

  /** The entry of `key` with a lock or window that ran out brought up to date; dropped when nothing is left. */
  private current(key: string, now: number): Entry | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.lockedUntil > 0 && entry.lockedUntil <= now) {
      // The lock ran out: the count starts over.
      entry.lockedUntil = 0;
      entry.failures = 0;
    }
    const { windowSeconds } = this.policy;
    if (windowSeconds !== undefined && entry.failures > 0 && now - entry.since >= windowSeconds) entry.failures = 0;
    if (entry.failures === 0 && entry.lockedUntil === 0) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }
}

/** Usernames count alike whatever their case and surrounding spaces. */
export const normalizeKey = (key: string) => key.trim().toLowerCase();
const normalize = normalizeKey;

/** "5 minutes" / "1 minute" / "30 seconds", for the lock message. */
export function describeWait(seconds: number): string {
  if (seconds >= 60) {
    const minutes = Math.ceil(seconds / 60);
    return `${minutes} minute${minutes === 1 ? "" : "s"}`;
  }
  return `${seconds} second${seconds === 1 ? "" : "s"}`;
}

/** The sentence every sign-in form shows while `username` is locked. */
export function lockedMessage(seconds: number): string {
  return `Too many wrong attempts for this account. It is locked for ${describeWait(seconds)}; try again after that.`;
}
