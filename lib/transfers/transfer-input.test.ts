import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { accountIdLike, amountLike, memoLike } from "@/testing/contracts/transfer-arbitraries";
import { parseTransferForm } from "./transfer-input";

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
};
const good = { from: "acc_alice_checking", to: "acc_bob_checking", amount: "125.50", memo: "Lunch" };

test("a valid transfer parses", () => {
  const result = parseTransferForm(form(good));
  assert.deepEqual(result, { ok: true, input: good });
});

test("an empty memo is dropped and spaces around the amount are trimmed", () => {
  const result = parseTransferForm(form({ ...good, memo: "  ", amount: " 5 " }));
  assert.ok(result.ok);
  assert.equal(result.input.memo, undefined);
  assert.equal(result.input.amount, "5.00");
});

test("amounts come out in the API's canonical form, and a bare decimal point is completed", () => {
  const cases: [typed: string, read: string][] = [
    ["3.21", "3.21"],
    ["125", "125.00"],
    ["2.5", "2.50"],
    [".5", "0.50"],
    [".05", "0.05"],
    ["5.", "5.00"],
    [" 5. ", "5.00"],
    ["0.5", "0.50"],
  ];
  for (const [typed, read] of cases) {
    const result = parseTransferForm(form({ ...good, amount: typed }));
    assert.ok(result.ok, `amount ${JSON.stringify(typed)} should be read`);
    assert.equal(result.input.amount, read, JSON.stringify(typed));
  }
});

test("an empty amount asks for one", () => {
  for (const amount of ["", "   "]) {
    const result = parseTransferForm(form({ ...good, amount }));
    assert.ok(!result.ok);
    assert.equal(result.errors.amount, "Enter an amount.");
  }
  const missing = parseTransferForm(form({ from: good.from, to: good.to }));
  assert.ok(!missing.ok);
  assert.equal(missing.errors.amount, "Enter an amount.");
});

test("a decimal point alone, or with a sign or a second point, is still not an amount", () => {
  for (const amount of [".", "..5", "5..", "-.5", "+5.", ".5.", "1.2.", ".123"]) {
    const result = parseTransferForm(form({ ...good, amount }));
    assert.ok(!result.ok, `amount ${JSON.stringify(amount)} should be refused`);
    assert.equal(result.errors.amount, "Enter the amount as a number such as 125.00, with at most two decimals.", JSON.stringify(amount));
  }
  const zero = parseTransferForm(form({ ...good, amount: ".0" }));
  assert.ok(!zero.ok);
  assert.equal(zero.errors.amount, "The amount must be more than zero.");
});

test("bad amounts name the problem", () => {
  for (const amount of ["", "0", "-5", "1e3", "1.005", "NaN", "1,000", "abc", "10000000"]) {
    const result = parseTransferForm(form({ ...good, amount }));
    assert.ok(!result.ok, `amount ${JSON.stringify(amount)} should be refused`);
    assert.match(result.errors.amount ?? "", /amount/i);
  }
});

test("same account on both sides is refused on the 'to' field", () => {
  const result = parseTransferForm(form({ ...good, to: good.from }));
  assert.ok(!result.ok);
  assert.match(result.errors.to ?? "", /different account/);
});

test("missing fields, long memos and control characters are refused", () => {
  const missing = parseTransferForm(form({ amount: "5" }));
  assert.ok(!missing.ok);
  assert.ok(missing.errors.from && missing.errors.to);
  const long = parseTransferForm(form({ ...good, memo: "x".repeat(141) }));
  assert.ok(!long.ok && long.errors.memo);
  const control = parseTransferForm(form({ ...good, memo: "hi\u0007" }));
  assert.ok(!control.ok && control.errors.memo);
});

// (Lone surrogates cannot reach the form: FormData keeps USVStrings, replacing them with U+FFFD.)
test("memos the API refuses are refused here first: C1 controls, line separators, bidi overrides", () => {
  for (const memo of ["pay \u202eevil", "a\u0085b", "a\u009fb", "line\u2028break", "\u2066isolate\u2069"]) {
    const result = parseTransferForm(form({ ...good, memo }));
    assert.ok(!result.ok && result.errors.memo, `memo ${JSON.stringify(memo)} should be refused`);
  }
});

test("account ids outside the ledger's alphabet are refused on their field", () => {
  const result = parseTransferForm(form({ ...good, to: "acc_bob/../checking" }));
  assert.ok(!result.ok);
  assert.match(result.errors.to ?? "", /receives the money/);
});

test("any form input gives either a transfer or messages keyed by field (property-based)", () => {
  // Invariant: parseTransferForm never throws; a refusal has at least one message, each on a form field and non-empty.
  const text = fc.option(fc.oneof(accountIdLike, amountLike, memoLike), { nil: undefined });
  fc.assert(
    fc.property(fc.record({ from: text, to: text, amount: text, memo: text }), (fields) => {
      const data = new FormData();
      for (const [name, value] of Object.entries(fields)) if (value !== undefined) data.set(name, value);
      const result = parseTransferForm(data);
      if (result.ok) return;
      const entries = Object.entries(result.errors);
      assert.ok(entries.length > 0);
      for (const [name, message] of entries) {
        assert.ok(["from", "to", "amount", "memo"].includes(name));
        assert.match(message ?? "", /\S/);
      }
    }),
    { numRuns: 2_000 },
  );
});
