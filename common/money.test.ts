import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { formatAmount, MAX_TRANSFER_CENTS, parseAmount } from "./money";

const RUNS = { numRuns: 5_000 };

describe("amounts on the wire (property-based)", () => {
  it("round-trips every cents value in range: parse(format(cents)) gives the same cents", () => {
    // Invariant: for every integer 1 ≤ cents ≤ MAX_TRANSFER_CENTS, formatAmount writes a string parseAmount reads back exactly.
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_TRANSFER_CENTS }), (cents) => {
        assert.deepEqual(parseAmount(formatAmount(cents)), { ok: true, cents });
      }),
      RUNS,
    );
    // The edges, every run.
    for (const cents of [1, 9, 10, 99, 100, 101, MAX_TRANSFER_CENTS - 1, MAX_TRANSFER_CENTS]) {
      assert.deepEqual(parseAmount(formatAmount(cents)), { ok: true, cents });
    }
  });

  it("refuses every cents value outside the range once formatted", () => {
    // Invariant: zero, negative amounts and amounts above the limit never parse, whatever their size.
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: -MAX_TRANSFER_CENTS * 10, max: 0 }), fc.integer({ min: MAX_TRANSFER_CENTS + 1, max: Number.MAX_SAFE_INTEGER })),
        (cents) => {
          assert.equal(parseAmount(formatAmount(cents)).ok, false);
        },
      ),
      RUNS,
    );
  });

  it("reads any string to cents that format back to one canonical form, or refuses it with a code", () => {
    // Invariant: parseAmount never throws; what it accepts is in range and stable under format → parse.
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^\d{1,10}(\.\d{1,3})?$/)), (input) => {
        const parsed = parseAmount(input);
        if (!parsed.ok) {
          assert.match(parsed.problem, /\S/);
          return;
        }
        assert.ok(Number.isSafeInteger(parsed.cents) && parsed.cents >= 1 && parsed.cents <= MAX_TRANSFER_CENTS);
        assert.deepEqual(parseAmount(formatAmount(parsed.cents)), parsed);
      }),
      RUNS,
    );
  });

  it("refuses anything but a string, with the not_a_string code", () => {
    // Invariant: numbers (floats lose cents), null, objects and arrays are never amounts.
    fc.assert(
      fc.property(
        fc.anything().filter((value) => typeof value !== "string"),
        (value) => {
          const parsed = parseAmount(value);
          assert.equal(parsed.ok, false);
          if (!parsed.ok) assert.equal(parsed.code, "not_a_string");
        },
      ),
      { numRuns: 1_000 },
    );
  });
});
