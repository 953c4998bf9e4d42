/** The one-time-code verifier itself: which steps it accepts, and what it reads as a code. */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { Secret, TOTP } from "otpauth";
import { normalizeCode, totpStep } from "./totp";

const SECRET = "JBSWY3DPEHPK3PXP";
const authenticator = new TOTP({ secret: Secret.fromBase32(SECRET), algorithm: "SHA1", digits: 6, period: 30 });
const STEP_MS = 30_000;

test("the verifier accepts the codes of steps −1, 0 and +1, and refuses −2 and +2 (RFC 6238 §5.2: one step of drift)", () => {
  // Mid-step, so that no step is on a boundary; and at the first and last millisecond of a step.
  for (const now of [1_700_000_015_000, 1_700_000_010_000, 1_700_000_039_999]) {
    const current = authenticator.counter({ timestamp: now });
    const codeAt = (delta: number) => authenticator.generate({ timestamp: now + delta * STEP_MS });
    for (const delta of [-1, 0, 1]) assert.equal(totpStep("alice", SECRET, codeAt(delta), now), current + delta, `step ${delta} at ${now}`);
    for (const delta of [-2, 2]) {
      // Six digits can repeat across steps; these fixed times were chosen where they do not.
      assert.ok(![-1, 0, 1].map(codeAt).includes(codeAt(delta)), "the fixture's codes differ");
      assert.equal(totpStep("alice", SECRET, codeAt(delta), now), undefined, `step ${delta} at ${now}`);
    }
  }
});

test("another account's secret does not verify the code", () => {
  const now = 1_700_000_015_000;
  assert.equal(totpStep("bob", "GEZDGNBVGY3TQOJQ", authenticator.generate({ timestamp: now }), now), undefined);
});

test("codes as people paste them: spaces and a dash are removed; anything else is not a code", () => {
  for (const typed of ["123456", " 123 456 ", "123-456", "123 - 456", "12 34 56", "\t123456\n", "123\u00a0456", "123–456"]) {
    assert.equal(normalizeCode(typed), "123456", JSON.stringify(typed));
  }
  for (const typed of ["", "12345", "1234567", "123 4567", "abcdef", "12345a", "123+456", "１２３４５６", "123.456", "0x1234"]) {
    assert.equal(normalizeCode(typed), undefined, JSON.stringify(typed));
  }
});

// Invariant: whatever is typed, the result is undefined or six ASCII digits, and those are exactly the typed digits in
// their order: spaces and dashes may go, nothing is invented, dropped or reordered.
test("property: normalizeCode yields only the typed digits, or nothing", () => {
  fc.assert(
    fc.property(fc.string({ unit: "grapheme", maxLength: 40 }), (typed) => {
      const code = normalizeCode(typed);
      if (code === undefined) return;
      assert.match(code, /^[0-9]{6}$/);
      assert.equal(typed.replace(/[^0-9]/g, ""), code);
      assert.equal(typed.replace(/[\s\-\u2010-\u2015\u2212]/g, ""), code, "nothing but separators was removed");
    }),
    { numRuns: 2_000 },
  );
});

// Invariant: six digits with any spaces or dashes around or between them read as those six digits.
test("property: any six digits survive any spaces and dashes pasted around them", () => {
  const separator = fc.constantFrom("", " ", "-", "  ", "\u00a0", "\t", " - ");
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 6, maxLength: 6 }),
      fc.array(separator, { minLength: 7, maxLength: 7 }),
      (digits, gaps) => {
        const typed = gaps.map((gap, i) => gap + (digits[i] ?? "")).join("");
        assert.equal(normalizeCode(typed), digits.join(""));
      },
    ),
    { numRuns: 1_000 },
  );
});
