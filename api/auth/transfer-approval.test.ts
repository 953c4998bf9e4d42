import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { REFUSAL_REASONS } from "../../common/api-refusals";
import { TRANSFER_DETAILS_TYPE, type TransferMember, transferDetails } from "../../common/authorization-details";
import { CURRENCY, formatAmount, MAX_TRANSFER_CENTS } from "../../common/money";
import { parseTransferBody } from "../routes/transfer-body";
import { describeRefusal, judgeTransferApproval, type RequestedTransfer } from "./transfer-approval";

const MEMBERS: readonly TransferMember[] = ["from", "to", "amount", "currency"];
const APPROVED = transferDetails({ from: "acc_alice_checking", to: "acc_bob_checking", amount: "3.21" });
const EXACT: RequestedTransfer = { from: "acc_alice_checking", to: "acc_bob_checking", amountCents: 321, currency: CURRENCY };

// The ways one amount can be written: "3.2", "3.20", "3"; each parses to the same cents.
const writings = (cents: number): string[] => {
  const canonical = formatAmount(cents);
  return [canonical, canonical.replace(/0$/, "").replace(/\.0?$/, "")].filter((amount, i, all) => all.indexOf(amount) === i);
};

describe("judgeTransferApproval (RFC 9396 authorization details)", () => {
  it("accepts exactly the approved transfer and refuses $321.00 on a $3.21 approval, naming the amount", () => {
    assert.deepEqual(judgeTransferApproval([APPROVED], EXACT, true), { kind: "approved", approved: APPROVED });
    const refused = judgeTransferApproval([APPROVED], { ...EXACT, amountCents: 32_100 }, true);
    assert.deepEqual(refused, { kind: "refused", reason: REFUSAL_REASONS.transferNotApproved, differing: ["amount"] });
    assert.equal(
      refused.kind === "refused" && describeRefusal(refused),
      "This token approves a different transfer: the amount differs from what was approved. Ask for a new approval.",
    );
  });

  it("without the requirement, lets a token that names no transfer pay any one, but holds a token with details to them", () => {
    assert.deepEqual(judgeTransferApproval(undefined, EXACT, false), { kind: "approved", approved: undefined });
    assert.equal(judgeTransferApproval([APPROVED], { ...EXACT, to: "acc_bob_savings" }, false).kind, "refused");
    // Present but approving nothing (malformed, two transfers, empty): refused, whether required or not.
    for (const required of [true, false]) {
      for (const value of [null, [], {}, "x", [APPROVED, APPROVED], [{ ...APPROVED, amount: "-1" }], [{ type: "other" }]]) {
        assert.deepEqual(judgeTransferApproval(value, EXACT, required), { kind: "refused", reason: REFUSAL_REASONS.noApprovedTransfer }, JSON.stringify(value));
      }
    }
    const missing = judgeTransferApproval(undefined, EXACT, true);
    assert.deepEqual(missing, { kind: "refused", reason: REFUSAL_REASONS.noApprovedTransfer });
    assert.match(missing.kind === "refused" ? describeRefusal(missing) : "", /^This token does not approve a specific transfer/);
  });

  it("names several differing members in plain words", () => {
    const refused = judgeTransferApproval([APPROVED], { from: "acc_alice_savings", to: "acc_bob_savings", amountCents: 1, currency: "EUR" }, true);
    assert.equal(
      refused.kind === "refused" && describeRefusal(refused),
      "This token approves a different transfer: the account it pays from, the payee, the amount and the currency differ from what was approved. Ask for a new approval.",
    );
  });

  // Invariant: for an approval and a transfer differing from it in any non-empty set of members, the decision is a
  // refusal naming exactly that set (and its sentence mentions each); the transfer itself, however its amount is
  // written in the token or the body, is accepted.
  it("property: refuses any transfer differing in any non-empty set of members, naming exactly those; accepts the approved one", () => {
    const account = fc.stringMatching(/^acc_[a-z0-9_]{1,12}$/);
    const cents = fc.integer({ min: 1, max: MAX_TRANSFER_CENTS });
    const differing = fc.subarray([...MEMBERS], { minLength: 1 });
    fc.assert(
      fc.property(
        account,
        account,
        cents,
        differing,
        account,
        account,
        cents,
        fc.constantFrom("EUR", "usd", "", "USD "),
        (from, to, approvedCents, members, otherFrom, otherTo, otherCents, otherCurrency) => {
          fc.pre(from !== to);
          const approved = transferDetails({ from, to, amount: formatAmount(approvedCents) });
          const changed = new Set<TransferMember>(members);
          const transfer: RequestedTransfer = {
            from: changed.has("from") ? (otherFrom === from ? `${from}x` : otherFrom) : from,
            to: changed.has("to") ? (otherTo === to ? `${to}x` : otherTo) : to,
            amountCents: changed.has("amount") ? (otherCents === approvedCents ? (approvedCents % MAX_TRANSFER_CENTS) + 1 : otherCents) : approvedCents,
            currency: changed.has("currency") ? otherCurrency : CURRENCY,
          };
          for (const required of [true, false]) {
            const decision = judgeTransferApproval([approved], transfer, required);
            assert.equal(decision.kind, "refused");
            if (decision.kind !== "refused" || decision.reason !== REFUSAL_REASONS.transferNotApproved) assert.fail("not a transfer_not_approved refusal");
            assert.deepEqual(decision.differing, members);
            const sentence = describeRefusal(decision);
            assert.match(sentence, /^[\x20-\x7e]+$/, "fits a WWW-Authenticate header unchanged");
            for (const member of members)
              assert.ok(sentence.includes({ from: "pays from", to: "payee", amount: "amount", currency: "currency" }[member]), member);
          }
          // The approved transfer itself: the token's amount and the body's may be written differently ("3.2", "3.20").
          for (const tokenAmount of writings(approvedCents)) {
            for (const bodyAmount of writings(approvedCents)) {
              const { amountCents } = parseTransferBody({ from, to, amount: bodyAmount });
              const token = [{ type: TRANSFER_DETAILS_TYPE, from, to, amount: tokenAmount, currency: CURRENCY }];
              assert.deepEqual(
                judgeTransferApproval(token, { from, to, amountCents, currency: CURRENCY }, true).kind,
                "approved",
                `${tokenAmount} vs ${bodyAmount}`,
              );
            }
          }
        },
      ),
      { numRuns: 3_000 },
    );
  });

  it('accepts "3.2" in the token for a body of "3.20", and the reverse', () => {
    const body = (amount: string) => ({ ...EXACT, amountCents: parseTransferBody({ from: EXACT.from, to: EXACT.to, amount }).amountCents });
    assert.equal(judgeTransferApproval([{ ...APPROVED, amount: "3.2" }], body("3.20"), true).kind, "approved");
    assert.equal(judgeTransferApproval([{ ...APPROVED, amount: "3.20" }], body("3.2"), true).kind, "approved");
    assert.equal(judgeTransferApproval([{ ...APPROVED, amount: "3.2" }], body("3.02"), true).kind, "refused");
  });
});
