/**
 * The brakes on guessing that every form checking a password or a one-time code shares: one lockout count per
 * username, one throttle per client address, and one record of spent codes for the whole IdP, so no entrance (the
 * sign-in pages, the account pages) has a count or a code window of its own.
 *
 * Trade-off (OWASP ASVS V6.3, NIST SP 800-63B's rate limiting): a lock per username stops guessing spread over many
 * addresses, but lets anyone who knows a username lock its owner out of the password and code forms for
 * IDP_LOCKOUT_SECONDS. What limits the harm:
 * - the throttle per client address caps how many accounts one client can lock (and how many passwords it can spray
 *   across usernames) before that address is paused itself;
 * - the lock guards only what can be guessed (passwords and codes): a passkey, which cannot be guessed or phished,
 *   and push approval with number matching still complete a step-up while the lock holds.
 * Providers that lock per username *and* address instead (Auth0's brute-force protection) keep the owner's own
 * address open, at the price of a guesser getting the full allowance from every address they control.
 */
import type { Request } from "express";
import { AttemptLimiter, describeWait, lockedMessage, type Attempt } from "./attempt-limiter";
import type { IdpConfig } from "./config";
import { UsedCodes } from "./used-codes";

export interface SignInGuards {
  /** Wrong passwords and codes per username (OWASP ASVS V6.3). */
  readonly usernames: AttemptLimiter;
  /** Wrong passwords and codes per client address, whatever the username. */
  readonly clients: AttemptLimiter;
  /** Codes already accepted (RFC 6238 §5.2). */
  readonly usedCodes: UsedCodes;
}

/** Wrong passwords or codes, from any form, before a username is locked. */
export const MAX_FAILED_ATTEMPTS = 5;

/** Creates the guards once per IdP; pass the same object to every route that checks a password or a code. */
export function createSignInGuards(config: Pick<IdpConfig, "lockoutSeconds" | "lockoutClientFailures" | "allowOtpReuse">): SignInGuards {
  return {
    usernames: new AttemptLimiter({ maxFailures: MAX_FAILED_ATTEMPTS, lockSeconds: config.lockoutSeconds }),
    // The client's own successes do not clear its count (it could sign in to its own account in between), so its
    // failures are forgotten only with time.
    clients: new AttemptLimiter({ maxFailures: config.lockoutClientFailures, lockSeconds: config.lockoutSeconds, windowSeconds: config.lockoutSeconds }),
    usedCodes: new UsedCodes(config.allowOtpReuse),
  };
}

/**
 * The client address the throttle counts by: the TCP peer. X-Forwarded-For is not read, since anyone can send it;
 * an IdP behind a proxy would set Express's `trust proxy` to that proxy so `req.ip` is the real client.
 */
export function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? "unknown";
}

/** Why a password or code is not being checked. */
export type Refusal =
  | { readonly kind: "account_locked"; readonly seconds: number }
  | { readonly kind: "client_locked"; readonly seconds: number }
  /** As many attempts for this account or client as may still fail are being checked right now. */
  | { readonly kind: "busy" };

/** An attempt admitted by both counts; end it once, with one of the three. */
export interface GuardedAttempt {
  /** The sign-in is complete: the username's count starts over (the client's is forgotten only with time). */
  succeeded(): void;
  /** Counts the failure in both; returns the lock now in force, if any. */
  failed(now: number): Refusal | undefined;
  /** Right, but the sign-in goes on (a code is still due), or not a guess (a replayed code): counted neither way. */
  release(): void;
}

/** Admits one password or code check for `username` from `client`, before the check runs. */
export function beginAttempt(
  guards: SignInGuards,
  username: string,
  client: string,
  now: number,
): { ok: true; attempt: GuardedAttempt } | { ok: false; refusal: Refusal } {
  // The client first: a paused client learns nothing about the username's state.
  const byClient = guards.clients.begin(client, now);
  if (!byClient.admitted) return { ok: false, refusal: byClient.lockedFor > 0 ? { kind: "client_locked", seconds: byClient.lockedFor } : { kind: "busy" } };
  const byUsername = guards.usernames.begin(username, now);
  if (!byUsername.admitted) {
    byClient.attempt.cancel();
    return { ok: false, refusal: byUsername.lockedFor > 0 ? { kind: "account_locked", seconds: byUsername.lockedFor } : { kind: "busy" } };
  }
  return { ok: true, attempt: pair(byUsername.attempt, byClient.attempt) };
}

function pair(byUsername: Attempt, byClient: Attempt): GuardedAttempt {
  return {
    succeeded() {
      byUsername.succeeded();
      byClient.succeeded();
    },
    failed(now) {
      const account = byUsername.failed(now);
      const client = byClient.failed(now);
      if (account > 0) return { kind: "account_locked", seconds: account };
      return client > 0 ? { kind: "client_locked", seconds: client } : undefined;
    },
    release() {
      byUsername.cancel();
      byClient.cancel();
    },
  };
}

/** The sentence a form shows for `refusal`. */
export function refusalMessage(refusal: Refusal): string {
  switch (refusal.kind) {
    case "account_locked":
      return lockedMessage(refusal.seconds);
    case "client_locked":
      return `Too many wrong attempts from your network. Sign-in from here is paused for ${describeWait(refusal.seconds)}; try again after that.`;
    case "busy":
      return "Several sign-in attempts are being checked right now. Wait a few seconds and try again.";
  }
}
