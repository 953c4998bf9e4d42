/**
 * RFC 9449 sender-constrained transfer tokens at the Accounts API: a token bound to a key (`cnf.jkt`) is
 * accepted only with the DPoP scheme and a fresh proof signed by that key for this request.
 */
import assert from "node:assert/strict";
import { createHash, randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from "jose";
import { PROFILES } from "../common/profiles";
import { DEFAULT_API_AUDIENCE } from "../common/step-up";
import { silentLogger } from "./http/logger";
import { startApi, type RunningApi } from "./server";
import { startFakeIssuer, type FakeIssuer } from "./test-support/fake-issuer";

interface ProofKey {
  privateKey: CryptoKey;
  jwk: JWK;
  jkt: string;
}

async function proofKey(): Promise<ProofKey> {
  const { privateKey, publicKey } = await generateKeyPair("ES256");
  const jwk = await exportJWK(publicKey);
  return { privateKey, jwk, jkt: await calculateJwkThumbprint(jwk) };
}

/** A DPoP proof JWT (RFC 9449 §4.2) for `htm` `htu`, bound to `accessToken` through `ath`. */
async function proof(key: ProofKey, htm: string, htu: string, accessToken: string, iat = Math.floor(Date.now() / 1000)): Promise<string> {
  const ath = createHash("sha256").update(accessToken).digest("base64url");
  return new SignJWT({ htm, htu, ath, jti: randomUUID(), iat })
    .setProtectedHeader({ alg: "ES256", typ: "dpop+jwt", jwk: key.jwk })
    .sign(key.privateKey);
}

const BODY = JSON.stringify({ from: "acc_alice_checking", to: "acc_bob_checking", amount: "1.00" });

describe("DPoP-bound transfer tokens (RFC 9449)", () => {
  let issuer: FakeIssuer;
  let api: RunningApi;
  let key: ProofKey;
  let transfersUrl: string;

  before(async () => {
    issuer = await startFakeIssuer();
    api = await startApi(
      { port: 0, issuer: issuer.issuer, audience: DEFAULT_API_AUDIENCE, databaseUrl: undefined, dataDir: "memory://", transferMaxAge: 300, profile: PROFILES.auth0, provisionDemoAccounts: false },
      { log: silentLogger },
    );
    key = await proofKey();
    transfersUrl = `${api.url}/transfers`;
  });
  after(async () => {
    await api?.stop();
    await issuer?.stop();
  });

  async function balances(): Promise<Record<string, number>> {
    const { rows } = await api.db.query("SELECT id, balance FROM accounts ORDER BY id");
    return Object.fromEntries(rows.map((row) => [String(row.id), Number(row.balance)]));
  }

  async function post(authorization: string, dpop?: string): Promise<Response> {
    const headers: Record<string, string> = { authorization, "content-type": "application/json", "idempotency-key": randomUUID() };
    if (dpop) headers.dpop = dpop;
    return fetch(transfersUrl, { method: "POST", headers, body: BODY });
  }

  async function assertRefused(response: Response, before: Record<string, number>) {
    assert.equal(response.status, 401);
    const challenge = response.headers.get("www-authenticate") ?? "";
    assert.match(challenge, /^DPoP realm="fabrikam-api", error="invalid_token", error_description="[^"]+", algs="ES256"$/);
    const body = (await response.json()) as { error: string; error_description: string };
    assert.equal(body.error, "invalid_token");
    assert.ok(body.error_description.length > 10);
    assert.deepEqual(await balances(), before);
  }

  const bound = () => issuer.mint({ cnf: { jkt: key.jkt } });

  it("refuses a bound token presented as a plain Bearer token, with a DPoP challenge", async () => {
    const before = await balances();
    await assertRefused(await post(`Bearer ${await bound()}`), before);
  });

  it("refuses a bound token sent with the DPoP scheme but no proof", async () => {
    const before = await balances();
    await assertRefused(await post(`DPoP ${await bound()}`), before);
  });

  it("refuses a proof signed by another key (a stolen token used by someone else)", async () => {
    const before = await balances();
    const token = await bound();
    const thief = await proofKey();
    await assertRefused(await post(`DPoP ${token}`, await proof(thief, "POST", transfersUrl, token)), before);
  });

  it("refuses a proof made for another request (method, URL), for another token, or too old", async () => {
    const before = await balances();
    const token = await bound();
    await assertRefused(await post(`DPoP ${token}`, await proof(key, "GET", transfersUrl, token)), before);
    await assertRefused(await post(`DPoP ${token}`, await proof(key, "POST", `${api.url}/accounts`, token)), before);
    await assertRefused(await post(`DPoP ${token}`, await proof(key, "POST", transfersUrl, await bound())), before);
    await assertRefused(await post(`DPoP ${token}`, await proof(key, "POST", transfersUrl, token, Math.floor(Date.now() / 1000) - 3600)), before);
  });

  it("refuses an unbound token sent with the DPoP scheme (no downgrade either way)", async () => {
    const before = await balances();
    const token = await issuer.mint();
    await assertRefused(await post(`DPoP ${token}`, await proof(key, "POST", transfersUrl, token)), before);
  });

  it("moves the money once with a valid proof; replaying the same request (proof and token) is refused", async () => {
    const before = await balances();
    const token = await bound();
    const dpop = await proof(key, "POST", transfersUrl, token);
    const response = await post(`DPoP ${token}`, dpop);
    assert.equal(response.status, 201, await response.clone().text());
    const after = await balances();
    assert.equal(after.acc_alice_checking, (before.acc_alice_checking ?? 0) - 100);
    assert.equal(after.acc_bob_checking, (before.acc_bob_checking ?? 0) + 100);
    // oauth4webapi does not remember proof jtis; the replay fails because the token's jti is spent (single use).
    const replay = await post(`DPoP ${token}`, dpop);
    assert.equal(replay.status, 401);
    assert.match(replay.headers.get("www-authenticate") ?? "", /^DPoP realm="fabrikam-api", error="invalid_token"/);
    assert.deepEqual(await balances(), after);
  });

  it("asks for step-up with a DPoP challenge (RFC 9470) when the bound token's second factor is too old", async () => {
    const before = await balances();
    const token = await issuer.mint({ cnf: { jkt: key.jkt }, auth_time: Math.floor(Date.now() / 1000) - 3600 });
    const response = await post(`DPoP ${token}`, await proof(key, "POST", transfersUrl, token));
    assert.equal(response.status, 401);
    assert.match(response.headers.get("www-authenticate") ?? "", /^DPoP realm="fabrikam-api", error="insufficient_user_authentication", .*max_age=300, algs="ES256"$/);
    assert.deepEqual(await balances(), before);
  });
});
