import assert from "node:assert/strict";
import { webcrypto } from "node:crypto";
import { test } from "node:test";
import { onEveryAppDatabase } from "@/testing/app-db-backends";
import { loadOrCreateDpopKey } from "./dpop-key-store";

const publicJwk = async (pair: webcrypto.CryptoKeyPair) => webcrypto.subtle.exportKey("jwk", pair.publicKey);

onEveryAppDatabase((db) => {
  test("the DPoP key is created once and the same key comes back afterwards, even when first use races", async () => {
    const racing = await Promise.all([loadOrCreateDpopKey(db(), "k-race"), loadOrCreateDpopKey(db(), "k-race"), loadOrCreateDpopKey(db(), "k-race")]);
    const later = await loadOrCreateDpopKey(db(), "k-race");
    const expected = await publicJwk(later);
    for (const pair of racing) assert.deepEqual(await publicJwk(pair), expected);
    assert.equal(expected.crv, "P-256");
  });

  test("the loaded private key signs what the public key verifies, and cannot be exported again", async () => {
    const pair = await loadOrCreateDpopKey(db(), "k-sign");
    const data = new TextEncoder().encode("proof");
    const signature = await webcrypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, pair.privateKey, data);
    assert.equal(await webcrypto.subtle.verify({ name: "ECDSA", hash: "SHA-256" }, pair.publicKey, signature, data), true);
    assert.equal(pair.privateKey.extractable, false);
    assert.equal(pair.publicKey.extractable, true);
  });

  test("different names are different keys", async () => {
    assert.notDeepEqual(await publicJwk(await loadOrCreateDpopKey(db(), "k-a")), await publicJwk(await loadOrCreateDpopKey(db(), "k-b")));
  });
});
