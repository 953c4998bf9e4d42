import assert from "node:assert/strict";
import { test } from "node:test";
import type { CookieOptions } from "@/lib/auth/cookies";
import { readTransferReceipt, receiptLines, receiptOf, saveTransferReceipt } from "./transfer-receipt";

const SID = "sid-0123456789abcdef";
const completed = {
  id: "tr_7f3a9c",
  from: "acc_bob_checking",
  to: "acc_alice_checking",
  amountCents: 2550,
  currency: "USD",
  memo: "Team lunch",
  createdAt: new Date("2026-11-28T13:21:49.932Z"),
};
const labels = { fromLabel: "Bob Smith · Checking (ref BOB-1)", toLabel: "Alice Johnson · Checking (ref ALI-1)" };

test("the receipt says what happened: amount, from, to, memo, when and the API's reference", () => {
  assert.deepEqual(receiptLines(receiptOf(SID, labels, completed)), [
    { term: "Amount", detail: "$25.50 (25.50 USD)" },
    { term: "From", detail: labels.fromLabel },
    { term: "To", detail: labels.toLabel },
    { term: "Memo", detail: "Team lunch" },
    { term: "When", detail: "28 Nov 2026, 13:21 UTC" },
    { term: "Reference", detail: "tr_7f3a9c" },
  ]);
});

test("a transfer without a memo has no memo line", () => {
  const terms = receiptLines(receiptOf(SID, labels, { ...completed, memo: null })).map((line) => line.term);
  assert.deepEqual(terms, ["Amount", "From", "To", "When", "Reference"]);
});

/** A cookie jar with the two methods the receipt needs. */
function jar() {
  const values = new Map<string, { value: string; options: CookieOptions }>();
  return {
    set: (name: string, value: string, options: CookieOptions) => void values.set(name, { value, options }),
    get: (name: string) => values.get(name),
    values,
  };
}

test("the sealed receipt is read back by its own session only, and lives as long as the flash", async () => {
  const cookies = jar();
  await saveTransferReceipt(cookies, receiptOf(SID, labels, completed));
  const [stored] = [...cookies.values.values()];
  assert.ok(stored);
  assert.equal(stored.options.httpOnly, true);
  assert.equal(stored.options.maxAge, 60);
  assert.doesNotMatch(stored.value, /Team lunch|tr_7f3a9c/, "sealed, not readable");
  assert.equal((await readTransferReceipt(cookies, SID))?.reference, "tr_7f3a9c");
  assert.equal(await readTransferReceipt(cookies, "sid-another-session-0000"), undefined);
});

test("a missing or tampered receipt reads as none", async () => {
  const cookies = jar();
  assert.equal(await readTransferReceipt(cookies, SID), undefined);
  await saveTransferReceipt(cookies, receiptOf(SID, labels, completed));
  for (const [name, stored] of cookies.values) cookies.values.set(name, { ...stored, value: `${stored.value.slice(0, -4)}AAAA` });
  assert.equal(await readTransferReceipt(cookies, SID), undefined);
});
