/** One-time codes for tests, computed with otpauth like an authenticator app. */
import { Secret, TOTP } from "otpauth";

const STEP_MS = 30_000;

function totp(secret: string): TOTP {
  return new TOTP({ secret: Secret.fromBase32(secret), algorithm: "SHA1", digits: 6, period: 30 });
}

/** The code `stepsAway` time steps from now (0: the current code). */
export function codeAtStep(secret: string, stepsAway: number, now = Date.now()): string {
  return totp(secret).generate({ timestamp: now + stepsAway * STEP_MS });
}

/**
 * `count` well-formed codes that the IdP refuses now and for the next minutes: codes of steps long past, none equal
 * to the code of any step from 2 back to 10 ahead (six digits repeat across steps now and then).
 */
export function wrongCodes(secret: string, count: number, now = Date.now()): string[] {
  const nearby = new Set(Array.from({ length: 13 }, (_, i) => codeAtStep(secret, i - 2, now)));
  const codes: string[] = [];
  for (let steps = -20; codes.length < count; steps -= 1) {
    const code = codeAtStep(secret, steps, now);
    if (!nearby.has(code) && !codes.includes(code)) codes.push(code);
  }
  return codes;
}
