import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { formatAmount, MAX_TRANSFER_CENTS } from "../../common/money";
import { accountIdProblem, memoProblem, normalizeMemo } from "../../common/transfer-rules";
import { accountIdLike, amountLike, memoLike } from "../../testing/contracts/transfer-arbitraries";
import { ApiError } from "../http/errors";
import { bodyMatches, parseTransferBody } from "./transfer-body";

/** The outcome of parsing one body: the instruction, or the ApiError (anything else fails the test). */
function attempt(body: unknown) {
  try {
    return { instruction: parseTransferBody(body) };
  } catch (error) {
    assert.ok(error instanceof ApiError, `threw ${String(error)} instead of an ApiError`);
    return { error };
  }
}

// Values of the wrong type where each field is expected.
const wrongType = fc.oneof(
  fc.constant(null),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.array(fc.string(), { maxLength: 2 }),
  fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }),
);
const field = (valid: fc.Arbitrary<string>) =>
  fc.option(fc.oneof({ weight: 5, arbitrary: valid }, { weight: 1, arbitrary: wrongType }), { nil: undefined, freq: 8 });

// Bodies shaped like transfers (most fields right, some wrong), plus any JSON value at all.
const body = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ from: field(accountIdLike), to: field(accountIdLike), amount: field(amountLike), memo: field(memoLike) }, { requiredKeys: [] }),
  },
  { weight: 1, arbitrary: fc.jsonValue() },
);

describe("POST /transfers body (property-based)", () => {
  it("gives, for any input, either a well-formed transfer or a 400 invalid_request naming a field", () => {
    // Invariant: parseTransferBody never throws anything but a 400 invalid_request whose description names a field;
    // what it returns meets every rule of common/transfer-rules.ts (and survives the trip through JSON).
    let accepted = 0;
    fc.assert(
      fc.property(body, (value) => {
        const outcome = attempt(JSON.parse(JSON.stringify(value ?? null)));
        if (outcome.error) {
          assert.equal(outcome.error.status, 400);
          assert.equal(outcome.error.code, "invalid_request");
          assert.match(outcome.error.description, /\b(from|to|amount|memo)\b/);
          return;
        }
        accepted += 1;
        const { from, to, amountCents, memo } = outcome.instruction;
        assert.equal(accountIdProblem(from), undefined);
        assert.equal(accountIdProblem(to), undefined);
        assert.notEqual(from, to);
        assert.ok(Number.isSafeInteger(amountCents) && amountCents >= 1 && amountCents <= MAX_TRANSFER_CENTS);
        if (memo !== null) {
          assert.equal(memoProblem(memo), undefined);
          assert.equal(normalizeMemo(memo), memo, "the memo is stored trimmed");
        }
      }),
      { numRuns: 3_000 },
    );
    // The generators must reach the accepting side too, or the property says little.
    assert.ok(accepted > 100, `only ${accepted} bodies were accepted`);
  });

  it("matches a body against the transfer it produced (Idempotency-Key replays), and nothing else", () => {
    // Invariant: bodyMatches(b, parse(b)) for every accepted body b; a body with another amount never matches.
    fc.assert(
      fc.property(body, (value) => {
        const outcome = attempt(value);
        if (!outcome.instruction) return;
        const { from, to, amountCents, memo } = outcome.instruction;
        assert.equal(bodyMatches(value, outcome.instruction), true);
        const otherCents = amountCents === MAX_TRANSFER_CENTS ? amountCents - 1 : amountCents + 1;
        assert.equal(bodyMatches({ from, to, memo, amount: formatAmount(otherCents) }, outcome.instruction), false);
      }),
      { numRuns: 1_000 },
    );
  });

  // Regressions the rules once let through on one side only.
  for (const memo of ["pay \u202eevil", "a\u0085b", "line\u2028break", "bad \ud800 half"]) {
    it(`refuses the memo ${JSON.stringify(memo)}`, () => {
      const outcome = attempt({ from: "acc_alice_checking", to: "acc_bob_checking", amount: "1.00", memo });
      assert.match(outcome.error?.description ?? "", /^memo /);
    });
  }
});
