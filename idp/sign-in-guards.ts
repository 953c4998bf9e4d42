/**
 * The brakes on guessing that every form checking a password or a one-time code shares: one lockout count per
 * username and one record of spent codes for the whole IdP, so no entrance (the sign-in pages, the account pages)
 * has a count or a code window of its own.
 */
import { AttemptLimiter } from "./attempt-limiter";
import type { IdpConfig } from "./config";
import { UsedCodes } from "./used-codes";

export interface SignInGuards {
  /** Wrong passwords and codes per username (OWASP ASVS V6.3). */
  readonly limiter: AttemptLimiter;
  /** Codes already accepted (RFC 6238 §5.2). */
  readonly usedCodes: UsedCodes;
}

/** Wrong passwords or codes, from any form, before a username is locked. */
export const MAX_FAILED_ATTEMPTS = 5;

/** Creates the guards once per IdP; pass the same object to every route that checks a password or a code. */
export function createSignInGuards(config: Pick<IdpConfig, "lockoutSeconds" | "allowOtpReuse">): SignInGuards {
  return { limiter: new AttemptLimiter(MAX_FAILED_ATTEMPTS, config.lockoutSeconds), usedCodes: new UsedCodes(config.allowOtpReuse) };
}
