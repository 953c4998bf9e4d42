/**
 * Slows down guessing (OWASP ASVS V6.3): after `maxFailures` wrong passwords or codes for one username,
 * that username is locked for `lockSeconds`. Counted per username, known or not, so a lock reveals nothing.
 * In memory: the dev IdP is one process; a clustered provider would keep this in its shared store.
 */
export class AttemptLimiter {
  private readonly failures = new Map<string, { count: number; lockedUntil: number }>();

  constructor(
    readonly maxFailures = 5,
    readonly lockSeconds = 300,
  ) {}

  /** Seconds until `username` may try again; 0 when not locked. */
  lockedFor(username: string, now: number): number {
    const entry = this.failures.get(key(username));
    return entry && entry.lockedUntil > now ? entry.lockedUntil - now : 0;
  }

  /** Counts a wrong password or code; returns the seconds of lock it caused (0 if none yet). */
  recordFailure(username: string, now: number): number {
    const k = key(username);
    const entry = this.failures.get(k);
    const count = (entry && entry.lockedUntil <= now && entry.lockedUntil > 0 ? 0 : (entry?.count ?? 0)) + 1;
    const lockedUntil = count >= this.maxFailures ? now + this.lockSeconds : 0;
    this.failures.set(k, { count: lockedUntil ? 0 : count, lockedUntil });
    return lockedUntil ? this.lockSeconds : 0;
  }

  /** A successful sign-in clears the count. */
  recordSuccess(username: string): void {
    this.failures.delete(key(username));
  }
}

const key = (username: string) => username.trim().toLowerCase();

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
