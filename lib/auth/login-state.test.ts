import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { type LoginTransaction, sealLoginTransaction, unsealLoginTransaction } from "./login-state";

const SECRET = "test-session-secret-0123456789-abcdefghijklmnop";
const STATE = "abcdefghijklmnopqrstuvwxyz012345";
const TXN: LoginTransaction = { state: STATE, nonce: "n".repeat(16), codeVerifier: "v".repeat(43), returnTo: "/salary", purpose: "sign_in", scope: "openid" };

test("a sealed transaction reads back for its own state only", async () => {
  const sealed = await sealLoginTransaction(TXN, SECRET);
  assert.deepEqual(await unsealLoginTransaction(sealed, STATE, SECRET), TXN);
  assert.equal(await unsealLoginTransaction(sealed, `${STATE}x`, SECRET), undefined);
});

// Invariant: whatever bytes arrive in a login transaction cookie, the callback reads "no transaction" or the real
// one; it never throws and never accepts an altered seal.
test("property: any cookie value reads as no transaction, never an exception", async () => {
  const original = TXN;
  const sealed = await sealLoginTransaction(original, SECRET);
  const mutated = fc
    .tuple(fc.nat({ max: sealed.length - 1 }), fc.string({ unit: "binary", minLength: 1, maxLength: 3 }))
    .map(([at, text]) => `${sealed.slice(0, at)}${text}${sealed.slice(at + text.length)}`)
    .filter((value) => value !== sealed);
  await fc.assert(
    fc.asyncProperty(fc.oneof(fc.string({ unit: "binary", maxLength: 400 }), fc.base64String({ maxLength: 400 }), mutated), async (value) => {
      // The version marker after the last "~" is outside the MAC: a changed one may still read the same data, never other data.
      const read = await unsealLoginTransaction(value, STATE, SECRET);
      if (read !== undefined) assert.deepEqual(read, original);
    }),
    { numRuns: 1_000 },
  );
});
