/**
 * Slows down guessing (OWASP ASVS V6.3): after `maxFailures` wrong passwords or codes under one key (a username, a
 * client address), that key is locked for `lockSeconds`.
 *
 * The limit holds under concurrency: an attempt is admitted, and counted as in flight, *before* the slow work (the
 * password hash), and no more attempts are admitted than could still fail without passing the limit. A burst of
 * parallel guesses therefore gets at most `maxFailures` evaluated, not as many as arrive before the first answer.
 * A failure never shortens or clears a lock already in force.
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

/** One admitted attempt; end it exactly once. */
export interface Attempt {
  /** The password or code was right. */
  succeeded(): void;
  /** It was wrong: counted. Returns the seconds of lock now in force for the key (0 when none). */
  failed(now: number): number;
  /** Counted neither way: not evaluated after all, or right without ending the sign-in. */
  cancel(): void;
}

export type Admission =
  | { readonly admitted: true; readonly attempt: Attempt }
  /** `lockedFor` 0: not locked, but as many attempts as may still fail are being evaluated right now. */
  | { readonly admitted: false; readonly lockedFor: number };

interface Entry {
  failures: number;
  inFlight: number;
  lockedUntil: number;
  /** Start of the current series of failures, for `windowSeconds`. */
  since: number;
}

export class AttemptLimiter {
  private readonly entries = new Map<string, Entry>();

  constructor(readonly policy: LimiterPolicy) {}

  /** Seconds until `key` may try again; 0 when not locked. */
  lockedFor(key: string, now: number): number {
    const entry = this.current(key, now);
    return entry && entry.lockedUntil > now ? entry.lockedUntil - now : 0;
  }

  /** Admits one attempt for `key` before it is evaluated, or says why not. */
  begin(key: string, now: number): Admission {
    const k = normalize(key);
    const entry = this.current(k, now) ?? { failures: 0, inFlight: 0, lockedUntil: 0, since: now };
    this.entries.set(k, entry);
    if (entry.lockedUntil > now) return { admitted: false, lockedFor: entry.lockedUntil - now };
    // Every attempt in flight may still fail: admit only as many as keep the failures within the limit.
    if (entry.failures + entry.inFlight >= this.policy.maxFailures) return { admitted: false, lockedFor: 0 };
    entry.inFlight += 1;
    let ended = false;
    const end = () => {
      if (ended) throw new Error("an attempt was ended twice");
      ended = true;
      entry.inFlight -= 1;
      this.forgetIfIdle(k, entry);
    };
    return {
      admitted: true,
      attempt: {
        succeeded: () => {
          end();
          if (this.policy.windowSeconds === undefined) entry.failures = 0;
          this.forgetIfIdle(k, entry);
        },
        failed: (at: number) => {
          end();
          return this.recordFailure(k, at);
        },
        cancel: end,
      },
    };
  }

  /**
   * Counts a wrong password or code for `key`; returns the seconds of lock in force afterwards. A failure while
   * locked (an attempt admitted before the lock, answered after it) keeps the lock as it is.
   */
  recordFailure(key: string, now: number): number {
    const k = normalize(key);
    const entry = this.current(k, now) ?? { failures: 0, inFlight: 0, lockedUntil: 0, since: now };
    this.entries.set(k, entry);
    if (entry.lockedUntil > now) return entry.lockedUntil - now;
    if (entry.failures === 0) entry.since = now;
    entry.failures += 1;
    if (entry.failures >= this.policy.maxFailures) {
      entry.lockedUntil = now + this.policy.lockSeconds;
      entry.failures = 0;
    }
    return entry.lockedUntil > now ? entry.lockedUntil - now : 0;
  }

  /** The entry of `key` with an expired lock or window brought up to date (dropped when nothing is left). */
  private current(key: string, now: number): Entry | undefined {
    const k = normalize(key);
    const entry = this.entries.get(k);
    if (!entry) return undefined;
    if (entry.lockedUntil > 0 && entry.lockedUntil <= now) {
      // The lock ran out: the count starts over.
      entry.lockedUntil = 0;
      entry.failures = 0;
    }
    const { windowSeconds } = this.policy;
    if (windowSeconds !== undefined && entry.failures > 0 && now - entry.since >= windowSeconds) entry.failures = 0;
    this.forgetIfIdle(k, entry);
    return entry;
  }

  private forgetIfIdle(key: string, entry: Entry): void {
    if (entry.failures === 0 && entry.inFlight === 0 && entry.lockedUntil === 0) this.entries.delete(key);
  }
}

const normalize = (key: string) => key.trim().toLowerCase();

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
