import assert from "node:assert/strict";
import { test } from "node:test";
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
  assert.equal(result.input.amount, "5");
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
