import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { TOTP } from "otpauth";
import { totpStep } from "../idp/totp";
import { nextUnspentStep, stepAt, TOTP_PERIOD_MS } from "./totp-steps";

const SECRET = "JBSWY3DPEHPK3PXP";
const codeOf = (step: number) => new TOTP({ secret: SECRET, digits: 6, period: 30 }).generate({ timestamp: step * TOTP_PERIOD_MS });

describe("nextUnspentStep", () => {
  // Invariant: the chosen code is one the IdP takes (idp/totp.ts says it is that very step, later than the last one
  // spent) from the moment it may be typed until the margin has passed; and it is the earliest such step, with no
  // wait unless no unspent step is acceptable right now for the whole margin.
  it("picks the earliest unspent step the IdP accepts throughout the margin, waiting only when none is acceptable now", () => {
    const now = Date.UTC(2026, 10, 28);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3 * TOTP_PERIOD_MS }),
        fc.integer({ min: -3, max: 3 }),
        fc.integer({ min: 0, max: TOTP_PERIOD_MS - 1 }),
        (offsetMs, lastRelative, marginMs) => {
          const nowMs = now + offsetMs;
          const lastSpent = stepAt(nowMs) + lastRelative;
          const { step, readyAtMs } = nextUnspentStep(lastSpent, nowMs, marginMs);
          assert.ok(step > lastSpent);
          assert.ok(readyAtMs >= nowMs);
          for (const t of [readyAtMs, readyAtMs + marginMs / 2, readyAtMs + marginMs]) {
            assert.equal(totpStep("alice", SECRET, codeOf(step), t), step, `step ${step} at +${t - readyAtMs} ms`);
          }
          const acceptableThroughout = (s: number) => [nowMs, nowMs + marginMs].every((t) => Math.abs(s - stepAt(t)) <= 1);
          if (readyAtMs > nowMs) {
            for (let s = lastSpent + 1; s <= stepAt(nowMs) + 1; s += 1) assert.ok(!acceptableThroughout(s), `step ${s} needed no wait`);
          } else {
            for (let s = lastSpent + 1; s < step; s += 1) assert.ok(!acceptableThroughout(s), `step ${s} is earlier than ${step}`);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("refuses a margin of a whole period or more (no step of drift lasts that long)", () => {
    assert.throws(() => nextUnspentStep(0, 0, TOTP_PERIOD_MS), RangeError);
  });
});
