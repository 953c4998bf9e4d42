import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { approvedTransfer, differingMembers, TRANSFER_DETAILS_TYPE, transferDetails } from "./authorization-details";
import { MAX_TRANSFER_CENTS } from "./money";

const APPROVED = transferDetails({ from: "acc_alice_checking", to: "acc_bob_checking", amount: "3.21" });

describe("transfer authorization details (RFC 9396)", () => {
  test("the intranet's details are canonical: one type, the amount as the API writes it", () => {
    assert.deepEqual(transferDetails({ from: "acc_a", to: "acc_b", amount: "3.2" }), {
      type: TRANSFER_DETAILS_TYPE,
      from: "acc_a",
      to: "acc_b",
      amount: "3.20",
      currency: "USD",
    });
  });

  test("exactly one well-formed fabrikam_transfer entry approves a transfer; anything else approves nothing", () => {
    assert.deepEqual(approvedTransfer([APPROVED]), APPROVED);
    assert.deepEqual(approvedTransfer([{ type: "other" }, APPROVED]), APPROVED);
    for (const value of [
      undefined,
      null,
      "x",
      {},
      [],
      [APPROVED, APPROVED],
      [{ ...APPROVED, extra: 1 }],
      [{ ...APPROVED, amount: "-1" }],
      [{ ...APPROVED, currency: "EUR" }],
      [{ ...APPROVED, to: APPROVED.from }],
      [{ ...APPROVED, from: "a b" }],
    ]) {
      assert.equal(approvedTransfer(value), undefined, JSON.stringify(value));
    }
  });

  test("the approved transfer itself differs in nothing; 3.21 approved is not 321.00", () => {
    assert.deepEqual(differingMembers(APPROVED, { from: APPROVED.from, to: APPROVED.to, amountCents: 321, currency: "USD" }), []);
    assert.deepEqual(differingMembers(APPROVED, { from: APPROVED.from, to: APPROVED.to, amountCents: 32_100, currency: "USD" }), ["amount"]);
  });

  // Invariant: a transfer that differs from the approved one in any member is never taken for it, and the differing
  // members are named exactly.
  test("property: any transfer differing in any member is named as differing in exactly those members", () => {
    const account = fc.stringMatching(/^acc_[a-z]{1,8}$/);
    const cents = fc.integer({ min: 1, max: MAX_TRANSFER_CENTS });
    fc.assert(
      fc.property(
        account,
        account,
        cents,
        account,
        account,
        cents,
        fc.constantFrom("USD", "EUR", "usd", ""),
        (from, to, approvedCents, otherFrom, otherTo, otherCents, currency) => {
          fc.pre(from !== to);
          const approved = transferDetails({ from, to, amount: (approvedCents / 100).toFixed(2) });
          const expected = [
            ...(otherFrom !== from ? ["from"] : []),
            ...(otherTo !== to ? ["to"] : []),
            ...(otherCents !== approvedCents ? ["amount"] : []),
            ...(currency !== "USD" ? ["currency"] : []),
          ];
          assert.deepEqual(differingMembers(approved, { from: otherFrom, to: otherTo, amountCents: otherCents, currency }), expected);
        },
      ),
      { numRuns: 5_000 },
    );
  });
});
