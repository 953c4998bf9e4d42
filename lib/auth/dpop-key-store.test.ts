import assert from "node:assert/strict";
import { test } from "node:test";
import * as client from "openid-client";
import type { AppDatabase } from "@/lib/db/database";
import { onEveryAppDatabase } from "@/testing/app-db-backends";
import { DpopKeyError } from "./dpop-key-error";
import { openPrivateJwk, thumbprintOf } from "./dpop-key-seal";
import { currentDpopKey, type DpopKey, dpopKeyFor, REPLACED_KEY_GRACE } from "./dpop-key-store";
import { DpopKeyring } from "./dpop-keyring";
import { bindingOptions, proofOptions } from "./dpop-options";

const SECRET = "test-session-secret-0123456789-abcdefghijklmnop";
const T0 = 1_800_000_000;
const DAY = 86_400;
const publicJwk = async (key: DpopKey) => crypto.subtle.exportKey("jwk", key.keyPair.publicKey);
const context = (purpose: string, now = T0) => ({ secret: SECRET, now, maxAge: DAY, purpose });
// Any issuer will do: the handle only signs proofs, nothing is sent.
const configuration = new client.Configuration({ issuer: "https://idp.example" }, "fabrikam-intranet");

async function rowsOf(db: AppDatabase, purpose: string) {
  return (await db.query("SELECT * FROM intranet_dpop_keys WHERE purpose = $1 ORDER BY generation", [purpose])).rows;
}

const failsWith = (code: string, message: RegExp) => (error: unknown) => error instanceof DpopKeyError && error.code === code && message.test(error.message);

onEveryAppDatabase((db) => {
  test("the DPoP key is created once and the same key comes back afterwards, even when first use races", async () => {
    const racing = await Promise.all([1, 2, 3].map(() => currentDpopKey(db(), context("k-race"))));
    const later = await currentDpopKey(db(), context("k-race", T0 + 60));
    for (const key of racing) assert.equal(key.jkt, later.jkt);
    assert.equal((await publicJwk(later)).crv, "P-256");
    assert.equal((await rowsOf(db(), "k-race")).length, 1);
  });

  test("the loaded private key signs what the public key verifies, cannot be exported again, and its thumbprint is the row's", async () => {
    const key = await currentDpopKey(db(), context("k-sign"));
    const data = new TextEncoder().encode("proof");
    const signature = await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, key.keyPair.privateKey, data);
    assert.equal(await crypto.subtle.verify({ name: "ECDSA", hash: "SHA-256" }, key.keyPair.publicKey, signature, data), true);
    assert.equal(key.keyPair.privateKey.extractable, false);
    assert.equal(await thumbprintOf(await publicJwk(key)), key.jkt);
  });

  test("the row holds the private key sealed: no `d` in clear, in any column", async () => {
    const key = await currentDpopKey(db(), context("k-clear"));
    const [row] = await rowsOf(db(), "k-clear");
    assert.ok(row);
    const stored = JSON.stringify(row);
    const { d } = await openPrivateJwk(String(row.sealed_private_jwk), key.jkt, SECRET);
    assert.ok(d && d.length > 40);
    assert.ok(!stored.includes(d), "the private scalar is readable in the row");
    assert.ok(!stored.includes('"d"') && !stored.includes('\\"d\\"'), "a JWK with a private member is readable in the row");
  });

  test("a wrong SESSION_SECRET fails loudly, and no new key silently replaces the stored one", async () => {
    const key = await currentDpopKey(db(), context("k-secret"));
    const wrong = { ...context("k-secret"), secret: `${SECRET}-changed` };
    await assert.rejects(currentDpopKey(db(), wrong), failsWith("dpop_key_undecryptable", /SESSION_SECRET/));
    await assert.rejects(dpopKeyFor(db(), key.jkt, wrong), failsWith("dpop_key_undecryptable", /SESSION_SECRET/));
    // The keyring (what the app calls) reports the same error, and tries again on the next call.
    const keyring = new DpopKeyring(async () => db(), { secret: wrong.secret, maxAge: DAY, now: () => T0, purpose: "k-secret" });
    await assert.rejects(bindingOptions(keyring, configuration), failsWith("dpop_key_undecryptable", /SESSION_SECRET/));
    await assert.rejects(bindingOptions(keyring, configuration), failsWith("dpop_key_undecryptable", /SESSION_SECRET/));
    const rows = await rowsOf(db(), "k-secret");
    assert.deepEqual(
      rows.map((row) => row.jkt),
      [key.jkt],
    );
  });

  test("a tampered row fails loudly too", async () => {
    const key = await currentDpopKey(db(), context("k-tamper"));
    const [row] = await rowsOf(db(), "k-tamper");
    const parts = String(row?.sealed_private_jwk).split(".");
    const ciphertext = parts[3] ?? "";
    parts[3] = `${ciphertext.slice(0, 10)}${ciphertext[10] === "A" ? "B" : "A"}${ciphertext.slice(11)}`;
    await db().query("UPDATE intranet_dpop_keys SET sealed_private_jwk = $1 WHERE jkt = $2", [parts.join("."), key.jkt]);
    await assert.rejects(currentDpopKey(db(), context("k-tamper")), failsWith("dpop_key_undecryptable", /altered/));
    assert.equal((await rowsOf(db(), "k-tamper")).length, 1);
  });

  test("rotation: past DPOP_KEY_MAX_AGE new tokens are bound to a new key, and a token bound before is still proven with its own", async () => {
    let now = T0;
    const keyring = new DpopKeyring(async () => db(), { secret: SECRET, maxAge: DAY, now: () => now, purpose: "k-rotate" });
    const keyFor = (options: client.DPoPOptions | undefined) => options?.DPoP?.calculateThumbprint();
    const first = await bindingOptions(keyring, configuration);
    assert.equal(await keyFor(first.options), first.jkt);
    await keyring.recordBound(first.jkt, now + 300);

    now = T0 + DAY - 1;
    assert.equal((await bindingOptions(keyring, configuration)).jkt, first.jkt, "rotated before DPOP_KEY_MAX_AGE");

    now = T0 + DAY;
    const second = await bindingOptions(keyring, configuration);
    assert.notEqual(second.jkt, first.jkt);
    assert.equal(await keyFor(second.options), second.jkt);
    // The old token is proven with the old key, the new one with the new key, even by another process (a new keyring).
    const elsewhere = new DpopKeyring(async () => db(), { secret: SECRET, maxAge: DAY, now: () => now, purpose: "k-rotate" });
    assert.equal(await keyFor(await proofOptions(elsewhere, configuration, { dpop: true, jkt: first.jkt })), first.jkt);
    assert.equal(await keyFor(await proofOptions(elsewhere, configuration, { dpop: true, jkt: second.jkt })), second.jkt);
    assert.equal(await proofOptions(elsewhere, configuration, {}), undefined, "a Bearer token gets no proof");
    // That other process binds new tokens to the new key too.
    assert.equal((await bindingOptions(elsewhere, configuration)).jkt, second.jkt);
  });

  test("a replaced key is kept while a token bound to it lives, then deleted", async () => {
    let now = T0;
    const keyring = (at: () => number) => new DpopKeyring(async () => db(), { secret: SECRET, maxAge: DAY, now: at, purpose: "k-prune" });
    const app = keyring(() => now);
    const old = await bindingOptions(app, configuration);
    // A long-lived token (e.g. a provider with a 24 h access token lifetime) bound just before rotation.
    const tokenExpiry = T0 + DAY + 2 * 3600;
    await app.recordBound(old.jkt, tokenExpiry);
    now = T0 + DAY;
    const current = await bindingOptions(app, configuration);
    assert.notEqual(current.jkt, old.jkt);

    // Past the grace period but before the token expires: binding another token (which prunes) keeps the old key.
    now = T0 + DAY + REPLACED_KEY_GRACE + 1;
    await app.recordBound(current.jkt, now + 300);
    assert.equal(
      await keyring(() => now)
        .boundTo(old.jkt)
        .then((key) => key.jkt),
      old.jkt,
    );

    // Once the token has expired, the next binding deletes it; a token naming it is refused with a plain message.
    now = tokenExpiry;
    await app.recordBound(current.jkt, now + 300);
    await assert.rejects(keyring(() => now).boundTo(old.jkt), failsWith("dpop_key_missing", /no longer in intranet_dpop_keys/));
    assert.equal((await keyring(() => now).boundTo(current.jkt)).jkt, current.jkt);
  });

  test("processes racing to rotate all bind to the same new key", async () => {
    const old = await currentDpopKey(db(), context("k-rotate-race"));
    const racing = await Promise.all([1, 2, 3, 4].map(() => currentDpopKey(db(), context("k-rotate-race", T0 + DAY))));
    const jkts = new Set(racing.map((key) => key.jkt));
    assert.equal(jkts.size, 1);
    assert.ok(!jkts.has(old.jkt));
    assert.equal((await rowsOf(db(), "k-rotate-race")).length, 2);
  });

  test("a plaintext key from before keys were sealed is sealed in place of it, once, and still proves its tokens", async () => {
    // The table and row as the app wrote them before this change.
    await db().query("CREATE TABLE IF NOT EXISTS intranet_keys (name text PRIMARY KEY, private_jwk text NOT NULL, created_at bigint NOT NULL)");
    const pair = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"]);
    const legacyJwk = await crypto.subtle.exportKey("jwk", pair.privateKey);
    const legacyJkt = await thumbprintOf(legacyJwk);
    await db().query("INSERT INTO intranet_keys (name, private_jwk, created_at) VALUES ($1, $2, $3)", ["k-legacy", JSON.stringify(legacyJwk), T0 - 3600]);

    // Tokens bound to it before thumbprints were stored carry no jkt: they are proven with the migrated key.
    const migrated = await dpopKeyFor(db(), undefined, context("k-legacy"));
    assert.equal(migrated?.jkt, legacyJkt);
    const { rows: left } = await db().query("SELECT * FROM intranet_keys WHERE name = $1", ["k-legacy"]);
    assert.deepEqual(left, [], "the plaintext row is still there");
    const [row, ...more] = await rowsOf(db(), "k-legacy");
    assert.equal(more.length, 0);
    assert.ok(row && legacyJwk.d && !JSON.stringify(row).includes(legacyJwk.d));
    assert.equal(Number(row.created_at), T0 - 3600);

    // It stays the current key until it is DPOP_KEY_MAX_AGE old, and reads the same after a restart.
    assert.equal((await currentDpopKey(db(), context("k-legacy"))).jkt, legacyJkt);
    assert.equal((await dpopKeyFor(db(), legacyJkt, context("k-legacy")))?.jkt, legacyJkt);
    assert.equal((await rowsOf(db(), "k-legacy")).length, 1);
  });

  test("a plaintext row that is not a key is an error that says what to do, not a silent new key", async () => {
    await db().query("CREATE TABLE IF NOT EXISTS intranet_keys (name text PRIMARY KEY, private_jwk text NOT NULL, created_at bigint NOT NULL)");
    await db().query("INSERT INTO intranet_keys (name, private_jwk, created_at) VALUES ($1, $2, $3)", ["k-legacy-bad", '{"kty":"oct"}', T0]);
    await assert.rejects(currentDpopKey(db(), context("k-legacy-bad")), failsWith("dpop_key_undecryptable", /Delete that row/));
    assert.equal((await rowsOf(db(), "k-legacy-bad")).length, 0);
  });
});
