import assert from "node:assert/strict";
import { before, test } from "node:test";
import fc from "fast-check";
import { base64url } from "jose";
import { DpopKeyError } from "./dpop-key-error";
import { openPrivateJwk, sealPrivateJwk, thumbprintOf } from "./dpop-key-seal";

const SECRET = "test-session-secret-0123456789-abcdefghijklmnop";
type Key = { jwk: JsonWebKey; jkt: string };
let keys: Key[] = [];

async function newKey(): Promise<Key> {
  const pair = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"]);
  const jwk = await crypto.subtle.exportKey("jwk", pair.privateKey);
  return { jwk, jkt: await thumbprintOf(jwk) };
}

before(async () => {
  keys = await Promise.all([newKey(), newKey(), newKey()]);
});

const undecryptable = (error: unknown) => error instanceof DpopKeyError && error.code === "dpop_key_undecryptable";
const secrets = fc.string({ minLength: 32, maxLength: 64, unit: "grapheme" });

test("the sealed key is a compact JWE (dir, A256GCM) holding none of the private key in clear", async () => {
  const [key] = keys;
  assert.ok(key);
  const sealed = await sealPrivateJwk(key.jwk, key.jkt, SECRET);
  const [header = "", encryptedKey, iv, ciphertext, tag] = sealed.split(".");
  assert.deepEqual(JSON.parse(new TextDecoder().decode(base64url.decode(header))), { alg: "dir", enc: "A256GCM", cty: "jwk+json", kid: key.jkt });
  assert.equal(encryptedKey, "");
  assert.ok(iv && ciphertext && tag);
  assert.ok(key.jwk.d && !sealed.includes(key.jwk.d));
});

// Invariant: a key sealed under a secret opens under that secret, unchanged, and under no other.
test("property: a sealed key opens with its secret and with no other", async () => {
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(0, 1, 2), secrets, secrets, async (index, secret, other) => {
      const key = keys[index];
      assert.ok(key);
      const sealed = await sealPrivateJwk(key.jwk, key.jkt, secret);
      const { kty, crv, x, y, d } = key.jwk;
      assert.deepEqual(await openPrivateJwk(sealed, key.jkt, secret), { kty, crv, x, y, d });
      if (other !== secret) await assert.rejects(openPrivateJwk(sealed, key.jkt, other), undecryptable);
    }),
    { numRuns: 1000 },
  );
});

// Invariant: changing any bit of any part of the JWE (header, IV, ciphertext, tag) makes it refuse to open, with a
// DpopKeyError and never another kind of error or a different key.
test("property: a sealed key altered anywhere does not open", async () => {
  const [key] = keys;
  assert.ok(key);
  const sealed = await sealPrivateJwk(key.jwk, key.jkt, SECRET);
  const parts = sealed.split(".").map((part) => base64url.decode(part));
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(0, 2, 3, 4), fc.nat(), fc.integer({ min: 0, max: 7 }), async (partIndex, at, bit) => {
      const altered = parts.map((part) => Uint8Array.from(part));
      const part = altered[partIndex];
      assert.ok(part && part.length > 0);
      part[at % part.length] = (part[at % part.length] ?? 0) ^ (1 << bit);
      await assert.rejects(openPrivateJwk(altered.map((p) => base64url.encode(p)).join("."), key.jkt, SECRET), undecryptable);
    }),
    { numRuns: 1000 },
  );
});

test("a sealed key copied into another key's row does not open there", async () => {
  const [a, b] = keys;
  assert.ok(a && b);
  const sealed = await sealPrivateJwk(a.jwk, a.jkt, SECRET);
  await assert.rejects(openPrivateJwk(sealed, b.jkt, SECRET), (error: unknown) => undecryptable(error) && /another row/.test(String(error)));
});

test("the error says what to do: which secret to start with, or which rows to delete and what that costs", async () => {
  const [key] = keys;
  assert.ok(key);
  const sealed = await sealPrivateJwk(key.jwk, key.jkt, SECRET);
  await assert.rejects(openPrivateJwk(sealed, key.jkt, `${SECRET}-rotated`), (error: unknown) => {
    assert.ok(error instanceof DpopKeyError);
    assert.match(error.message, /SESSION_SECRET/);
    assert.match(error.message, /delete the rows of intranet_dpop_keys/);
    assert.match(error.message, /transfer tokens issued before stop working/);
    return true;
  });
});
