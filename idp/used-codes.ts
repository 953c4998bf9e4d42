/**
 * RFC 6238 §5.2: a verifier MUST NOT accept the second attempt of a one-time code after the first success.
 * Remembers, per user, the last time step accepted; only a later step is accepted next.
 */
export class UsedCodes {
  private readonly lastStep = new Map<string, number>();

  /** `allowReuse` is the dev-only test switch (IDP_TEST_ALLOW_OTP_REUSE). */
  constructor(private readonly allowReuse = false) {}

  /** Records `step` for `username` and returns true, or returns false when it (or a later one) was used before. */
  consume(username: string, step: number): boolean {
    if (this.allowReuse) return true;
    const last = this.lastStep.get(username);
    if (last !== undefined && step <= last) return false;
    this.lastStep.set(username, step);
    return true;
  }
}
