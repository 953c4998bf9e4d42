/**
 * The brakes on guessing that every form checking a password or a one-time code shares: one lockout count per
 * username, one throttle per client address, one queue per username, and one record of spent codes for the whole
 * IdP, so no entrance (the sign-in pages, the account pages) has a count or a code window of its own.
 *
 * Under concurrency: the checks of one username take turns (idp/turns.ts), and each turn looks at the lock before
 * the slow work (the password hash), so a burst of parallel guesses gets no more evaluated than the limit, and a lock
 * is never missed by a request that was already waiting. The client count is looked at before the turn and counted
 * after it, so a burst from one address may pass it by the requests it has in flight; the username limit still holds.
 *
 * Trade-off (OWASP ASVS V6.3, NIST SP 800-63B's rate limiting): a lock per username stops guessing spread over many
 * addresses, but lets anyone who knows a username lock its owner out of the password and code forms for
 * IDP_LOCKOUT_SECONDS. What limits the harm:
 * - the throttle per client address caps how many accounts one client can lock (and how many passwords it can spray
 *   across usernames) before that address is paused itself;
 * - the lock guards only what can be guessed (passwords and codes): a passkey, which cannot be guessed or phished,
 *   and push approval from a device already signed in, still complete a step-up while the lock holds.
 * Providers that lock per username *and* address instead (Auth0's brute-force protection) keep the owner's own
 * address open, at the price of a guesser getting the full allowance from every address they control.
 */
import type { Request } from "express";
import { AttemptLimiter, describeWait, lockedMessage, normalizeKey } from "./attempt-limiter";
import type { IdpConfig } from "./config";
import { Turns } from "./turns";
import { UsedCodes } from "./used-codes";

export interface SignInGuards {
  /** Wrong passwords and codes per username (OWASP ASVS V6.3). */
  readonly usernames: AttemptLimiter;
  /** Wrong passwords and codes per client address, whatever the username. */
  readonly clients: AttemptLimiter;
  /** One check at a time per username. */
  readonly turns: Turns;
  /** Codes already accepted (RFC 6238 §5.2). */
  readonly usedCodes: UsedCodes;
}

/** Wrong passwords or codes, from any form, before a username is locked. */
export const MAX_FAILED_ATTEMPTS = 5;

/** Checks that may wait for one username's turn; more are refused at once (a flood, not a person). */
export const MAX_WAITING_PER_USERNAME = 100;

/** Creates the guards once per IdP; pass the same object to every route that checks a password or a code. */
export function createSignInGuards(config: Pick<IdpConfig, "lockoutSeconds" | "lockoutClientFailures" | "allowOtpReuse">): SignInGuards {
  return {
    usernames: new AttemptLimiter({ maxFailures: MAX_FAILED_ATTEMPTS, lockSeconds: config.lockoutSeconds }),
    // The client's own successes do not clear its count (it could sign in to its own account in between), so its
    // failures are forgotten only with time.
    clients: new AttemptLimiter({ maxFailures: config.lockoutClientFailures, lockSeconds: config.lockoutSeconds, windowSeconds: config.lockoutSeconds }),
    turns: new Turns(MAX_WAITING_PER_USERNAME),
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
  /** MAX_WAITING_PER_USERNAME checks already wait for this username. */
  | { readonly kind: "busy" };

/** A check whose turn it is. End it with one of the three; the first ending counts, later ones do nothing. */
export interface GuardedAttempt {
  /** The sign-in is complete: the username's count starts over (the client's is forgotten only with time). */
  succeeded(): void;
  /** Counts the failure for the username and the client; returns the lock now in force, if any. */
  failed(now: number): Refusal | undefined;
  /** Right, but the sign-in goes on (a code is still due), or not a guess (a replayed code), or abandoned. */
  release(): void;
}

const seconds = () => Math.floor(Date.now() / 1000);

/**
 * Waits for `username`'s turn and admits one password or code check, or says why not. The caller ends the attempt
 * on every path, and runs the check itself through whileHoldingTurn so that a throw ends it too.
 */
export async function beginAttempt(
  guards: SignInGuards,
  username: string,
  client: string,
  clock: () => number = seconds,
): Promise<{ ok: true; attempt: GuardedAttempt } | { ok: false; refusal: Refusal }> {
  // A paused client learns nothing about the username's state, and does not queue behind its owner.
  const paused = guards.clients.lockedFor(client, clock());
  if (paused > 0) return { ok: false, refusal: { kind: "client_locked", seconds: paused } };
  const endTurn = await guards.turns.take(normalizeKey(username));
  if (!endTurn) return { ok: false, refusal: { kind: "busy" } };
  // Looked at again now that it is our turn: the checks before ours may have locked either.
  const now = clock();
  const locked = guards.usernames.lockedFor(username, now);
  const pausedNow = guards.clients.lockedFor(client, now);
  if (locked > 0 || pausedNow > 0) {
    endTurn();
    return { ok: false, refusal: locked > 0 ? { kind: "account_locked", seconds: locked } : { kind: "client_locked", seconds: pausedNow } };
  }
  let ended = false;
  // The count is updated before the turn passes on, so the next check in line sees it.
  const once = <T>(fallback: T, action: () => T): T => {
    if (ended) return fallback;
    ended = true;
    try {
      return action();
    } finally {
      endTurn();
    }
  };
  return {
    ok: true,
    attempt: {
      succeeded: () => once(undefined, () => guards.usernames.recordSuccess(username, clock())),
      failed: (at) =>
        once<Refusal | undefined>(undefined, () => {
          const account = guards.usernames.recordFailure(username, at);
          const byClient = guards.clients.recordFailure(client, at);
          if (account > 0) return { kind: "account_locked", seconds: account };
          return byClient > 0 ? { kind: "client_locked", seconds: byClient } : undefined;
        }),
      release: () => once(undefined, () => undefined),
    },
  };
}

/** Runs the check itself (the hash, the code comparison); if it throws, the attempt ends so the next in line can go. */
export async function whileHoldingTurn<T>(attempt: GuardedAttempt, check: () => Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (error) {
    attempt.release();
    throw error;
  }
}

/** The sentence a form shows for `refusal`. */
export function refusalMessage(refusal: Refusal): string {
  switch (refusal.kind) {
    case "account_locked":
      return lockedMessage(refusal.seconds);
    case "client_locked":
      return `Too many wrong attempts from your network. Sign-in from here is paused for ${describeWait(refusal.seconds)}; try again after that.`;
    case "busy":
      return "Too many sign-in attempts for this account are waiting right now. Wait a few seconds and try again.";
  }
}
