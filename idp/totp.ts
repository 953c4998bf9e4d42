/**
 * Time-based one-time codes (RFC 6238): SHA-1, 6 digits, 30-second steps,
 * one step of clock drift accepted either way — what authenticator apps expect.
 */
import { Secret, TOTP } from "otpauth";

const ISSUER = "Fabrikam Identity";

function totpFor(username: string, base32Secret: string): TOTP {
  return new TOTP({
    issuer: ISSUER,
    label: username,
    algorithm: "SHA1",
    digits: 6,
    period: 30,
    secret: Secret.fromBase32(base32Secret),
  });
}

// Spaces (any kind) and dashes, as authenticator apps show codes ("123 456") and people paste them ("123-456").
const SEPARATORS = /[\s\-\u2010-\u2015\u2212]/g;

/**
 * The six ASCII digits of what was typed or pasted, spaces and dashes removed; undefined when it cannot be a code
 * (then nothing was guessed, and the lockout does not count it).
 */
export function normalizeCode(typed: string): string | undefined {
  const digits = typed.replace(SEPARATORS, "");
  return /^[0-9]{6}$/.test(digits) ? digits : undefined;
}

/**
 * The time step (RFC 6238 counter) of `code` (six digits, see normalizeCode) when it is the code of the current step
 * or one step either side (RFC 6238 §5.2's allowance for clock drift); else undefined.
 */
export function totpStep(username: string, base32Secret: string, code: string, now = Date.now()): number | undefined {
  if (!/^[0-9]{6}$/.test(code)) return undefined;
  const totp = totpFor(username, base32Secret);
  const delta = totp.validate({ token: code, window: 1, timestamp: now });
  return delta === null ? undefined : totp.counter({ timestamp: now }) + delta;
}

/** The otpauth:// URI an authenticator app scans. */
export function totpUri(username: string, base32Secret: string): string {
  return totpFor(username, base32Secret).toString();
}
