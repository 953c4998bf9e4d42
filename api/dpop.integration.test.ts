/**
 * RFC 9449 sender-constrained transfer tokens at the Accounts API: a token bound to a key (`cnf.jkt`) is
 * accepted only with the DPoP scheme and a fresh proof signed by that key for this request.
 */
import assert from "node:assert/strict";
import { createHash, randomUUID } from "node:crypto";
import { request } from "node:http";
import { after, before, describe, it } from "node:test";
import { type CryptoKey, calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";
import { createTestSchema, postgresTestUrl } from "../testing/postgres-run";
import { silentLogger } from "./http/logger";
import { type RunningApi, startApi } from "./server";
import { type FakeIssuer, startFakeIssuer } from "./test-support/fake-issuer";
import { testApiConfig } from "./test-support/test-config";

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
  return new SignJWT({ htm, htu, ath, jti: randomUUID(), iat }).setProtectedHeader({ alg: "ES256", typ: "dpop+jwt", jwk: key.jwk }).sign(key.privateKey);
}

const BODY = JSON.stringify({ from: "acc_alice_checking", to: "acc_bob_checking", amount: "1.00" });

function suite(backend: string, databaseUrl: string | undefined) {
  describe(`DPoP-bound transfer tokens (RFC 9449) on ${backend}`, () => {
    let issuer: FakeIssuer;
    let api: RunningApi;
    let key: ProofKey;
    let transfersUrl: string;
    let dropSchema: (() => Promise<void>) | undefined;

    before(async () => {
      issuer = await startFakeIssuer();
      const fresh = databaseUrl ? await createTestSchema(databaseUrl, "api_dpop") : undefined;
      dropSchema = fresh?.drop;
      api = await startApi(testApiConfig(issuer.issuer, { databaseUrl }), { log: silentLogger, ...(fresh ? { schema: fresh.schema } : {}) });
      key = await proofKey();
      transfersUrl = `${api.url}/transfers`;
    });
    after(async () => {
      await api?.stop();
      await dropSchema?.();
      await issuer?.stop();
    });

    async function balances(): Promise<Record<string, number>> {
      const { rows } = await api.db.query("SELECT id, balance FROM accounts ORDER BY id");
      return Object.fromEntries(rows.map((row) => [String(row.id), Number(row.balance)]));
    }

    async function post(authorization: string, dpop?: string | string[], url = transfersUrl): Promise<Response> {
      const headers = new Headers({ authorization, "content-type": "application/json", "idempotency-key": randomUUID() });
      for (const proofValue of typeof dpop === "string" ? [dpop] : (dpop ?? [])) headers.append("dpop", proofValue);
      return fetch(url, { method: "POST", headers, body: BODY });
    }

    /** A 401 in the DPoP scheme whose description (header and body alike) says what went wrong; nothing moved. */
    async function assertRefused(response: Response, before: Record<string, number>, description: RegExp) {
      assert.equal(response.status, 401);
      const challenge = response.headers.get("www-authenticate") ?? "";
      assert.match(challenge, /^DPoP realm="fabrikam-api", error="invalid_token", error_description="[^"]+", algs="ES256"$/);
      const body = (await response.json()) as { error: string; error_description: string };
      assert.equal(body.error, "invalid_token");
      assert.match(body.error_description, description);
      assert.ok(challenge.includes(`error_description="${body.error_description}"`), "the header says what the body says");
      assert.deepEqual(await balances(), before);
    }

    const bound = () => issuer.mint({ cnf: { jkt: key.jkt } });

    it("refuses a bound token presented as a plain Bearer token, with a DPoP challenge", async () => {
      const before = await balances();
      await assertRefused(await post(`Bearer ${await bound()}`), before, /bound to a key \(DPoP\): send it with the DPoP scheme/);
    });

    it("refuses a bound token sent with the DPoP scheme but no proof, or with two proofs", async () => {
      const before = await balances();
      const token = await bound();
      await assertRefused(await post(`DPoP ${token}`), before, /needs a DPoP proof/);
      const dpop = await proof(key, "POST", transfersUrl, token);
      await assertRefused(await post(`DPoP ${token}`, [dpop, dpop]), before, /exactly one DPoP proof/);
      await assertRefused(await post(`DPoP ${token}`, "not-a-jwt"), before, /not a well-formed JWT/);
    });

    it("refuses a proof signed by another key (a stolen token used by someone else)", async () => {
      const before = await balances();
      const token = await bound();
      const thief = await proofKey();
      await assertRefused(
        await post(`DPoP ${token}`, await proof(thief, "POST", transfersUrl, token)),
        before,
        /signed by another key than the one the access token is bound to/,
      );
    });

    it("refuses a proof made for another request (method, URL), for another token, or too old", async () => {
      const before = await balances();
      const token = await bound();
      await assertRefused(await post(`DPoP ${token}`, await proof(key, "GET", transfersUrl, token)), before, /another HTTP method \(htm\)/);
      const otherUrl = await post(`DPoP ${token}`, await proof(key, "POST", `${api.url}/accounts`, token));
      await assertRefused(otherUrl.clone(), before, /another URL \(htu\)/);
      assert.match(((await otherUrl.json()) as { error_description: string }).error_description, new RegExp(`URL is ${transfersUrl}\\.$`));
      await assertRefused(await post(`DPoP ${token}`, await proof(key, "POST", transfersUrl, await bound())), before, /another access token \(ath\)/);
      await assertRefused(
        await post(`DPoP ${token}`, await proof(key, "POST", transfersUrl, token, Math.floor(Date.now() / 1000) - 3600)),
        before,
        /too old or dated in the future/,
      );
    });

    it("refuses a proof whose signature does not verify, or that is not a dpop+jwt", async () => {
      const before = await balances();
      const token = await bound();
      const [header, , signature] = (await proof(key, "POST", transfersUrl, token)).split(".");
      const otherPayload = (await proof(key, "POST", transfersUrl, token)).split(".")[1];
      await assertRefused(await post(`DPoP ${token}`, `${header}.${otherPayload}.${signature}`), before, /signature does not verify/);
      const ath = createHash("sha256").update(token).digest("base64url");
      const wrongType = await new SignJWT({ htm: "POST", htu: transfersUrl, ath, jti: randomUUID(), iat: Math.floor(Date.now() / 1000) })
        .setProtectedHeader({ alg: "ES256", typ: "JWT", jwk: key.jwk })
        .sign(key.privateKey);
      await assertRefused(await post(`DPoP ${token}`, wrongType), before, /must be a dpop\+jwt/);
    });

    it("answers 401, not a server error, for a proof naming the bound key under another algorithm", async () => {
      const before = await balances();
      const token = await bound();
      const [, payload, signature] = (await proof(key, "POST", transfersUrl, token)).split(".");
      const header = Buffer.from(JSON.stringify({ alg: "RS256", typ: "dpop+jwt", jwk: key.jwk })).toString("base64url");
      const response = await post(`DPoP ${token}`, `${header}.${payload}.${signature}`);
      assert.equal(response.status, 401);
      assert.match(response.headers.get("www-authenticate") ?? "", /^DPoP /);
      assert.deepEqual(await balances(), before);
    });

    it("refuses an unbound token sent with the DPoP scheme (no downgrade either way)", async () => {
      const before = await balances();
      const token = await issuer.mint();
      await assertRefused(
        await post(`DPoP ${token}`, await proof(key, "POST", transfersUrl, token)),
        before,
        /not bound to a key, so it cannot be sent with the DPoP scheme/,
      );
    });

    it("answers a malformed DPoP Authorization header with 400 and a DPoP challenge", async () => {
      const response = await post("DPoP a b");
      assert.equal(response.status, 400);
      assert.match(
        response.headers.get("www-authenticate") ?? "",
        /^DPoP realm="fabrikam-api", error="invalid_request", error_description="The Authorization header must be 'DPoP' followed by one access token\."/,
      );
    });

    it("moves the money once with a valid proof; replaying the same request (proof and token) is refused as a replay", async () => {
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
      assert.equal(((await replay.clone().json()) as { reason?: string }).reason, "token_replayed");
      await assertRefused(replay, after, /already been used/);
    });

    // On PostgreSQL some of these get past the early spent-token check and are refused by the transaction's unique jti.
    it(`refuses concurrent uses of one bound token as replays in the DPoP scheme, whichever check catches them (${databaseUrl ? "PostgreSQL: transactions interleave" : "PGlite: transactions run one at a time"})`, async () => {
      const before = await balances();
      const token = await bound();
      const answers = await Promise.all(Array.from({ length: 8 }, async () => post(`DPoP ${token}`, await proof(key, "POST", transfersUrl, token))));
      assert.deepEqual(answers.map((a) => a.status).sort(), [201, 401, 401, 401, 401, 401, 401, 401]);
      for (const answer of answers.filter((a) => a.status === 401)) {
        assert.equal(((await answer.clone().json()) as { reason?: string }).reason, "token_replayed");
        assert.match(answer.headers.get("www-authenticate") ?? "", /^DPoP .*already been used/);
      }
      assert.equal((await balances()).acc_alice_checking, (before.acc_alice_checking ?? 0) - 100);
    });

    it("asks for step-up with a DPoP challenge (RFC 9470) when the bound token's second factor is too old", async () => {
      const before = await balances();
      const token = await issuer.mint({ cnf: { jkt: key.jkt }, auth_time: Math.floor(Date.now() / 1000) - 3600 });
      const response = await post(`DPoP ${token}`, await proof(key, "POST", transfersUrl, token));
      assert.equal(response.status, 401);
      assert.match(
        response.headers.get("www-authenticate") ?? "",
        /^DPoP realm="fabrikam-api", error="insufficient_user_authentication", .*max_age=300, algs="ES256"$/,
      );
      assert.deepEqual(await balances(), before);
    });

    it("answers a bound token without the transfer scope with a DPoP insufficient_scope challenge, and serves reads with a proof", async () => {
      const before = await balances();
      const reader = await issuer.mint({ cnf: { jkt: key.jkt }, scope: "openid read:accounts" });
      const refused = await post(`DPoP ${reader}`, await proof(key, "POST", transfersUrl, reader));
      assert.equal(refused.status, 403);
      assert.match(
        refused.headers.get("www-authenticate") ?? "",
        /^DPoP realm="fabrikam-api", error="insufficient_scope", error_description="[^"]+", scope="transfer:funds", algs="ES256"$/,
      );
      assert.deepEqual(await balances(), before);
      const accountsUrl = `${api.url}/accounts`;
      const read = await fetch(accountsUrl, { headers: { authorization: `DPoP ${reader}`, dpop: await proof(key, "GET", accountsUrl, reader) } });
      assert.equal(read.status, 200);
      const wrong = await fetch(accountsUrl, { headers: { authorization: `DPoP ${reader}`, dpop: await proof(key, "POST", accountsUrl, reader) } });
      assert.equal(wrong.status, 401);
      assert.match(wrong.headers.get("www-authenticate") ?? "", /^DPoP .*another HTTP method/);
    });
  });
}

suite("PGlite", undefined);
// Under CI=true the PostgreSQL run cannot be skipped (testing/postgres-run.ts).
const databaseUrl = postgresTestUrl("DPoP-bound transfer tokens");
if (databaseUrl) suite("PostgreSQL", databaseUrl);

describe("DPoP behind TLS or a proxy: htu is checked against API_PUBLIC_URL, never the Host header", () => {
  const PUBLIC = "https://api.fabrikam.example";
  let issuer: FakeIssuer;
  let api: RunningApi;
  let key: ProofKey;

  before(async () => {
    issuer = await startFakeIssuer();
    api = await startApi(testApiConfig(issuer.issuer, { publicUrl: PUBLIC }), { log: silentLogger });
    key = await proofKey();
  });
  after(async () => {
    await api?.stop();
    await issuer?.stop();
  });

  /** POSTs a transfer to the API's local socket as a proxy would, with the Host header given (fetch cannot set it). */
  async function post(htu: string, host: string): Promise<{ status: number; challenge: string; body: { error?: string; error_description?: string } }> {
    const token = await issuer.mint({ cnf: { jkt: key.jkt } });
    const dpop = await proof(key, "POST", htu, token);
    const payload = Buffer.from(BODY);
    return new Promise((resolve, reject) => {
      const req = request(
        `${api.url}/transfers`,
        {
          method: "POST",
          headers: {
            host,
            authorization: `DPoP ${token}`,
            dpop,
            "content-type": "application/json",
            "content-length": payload.length,
            "idempotency-key": randomUUID(),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () =>
            resolve({
              status: res.statusCode ?? 0,
              challenge: String(res.headers["www-authenticate"] ?? ""),
              body: JSON.parse(Buffer.concat(chunks).toString()) as { error?: string },
            }),
          );
        },
      );
      req.on("error", reject);
      req.end(payload);
    });
  }

  it("accepts a proof for the public URL, whatever Host the proxy forwards", async () => {
    assert.equal(api.publicUrl, PUBLIC);
    for (const host of ["api.fabrikam.example", `localhost:${api.port}`, "internal-upstream:8080"]) {
      const answer = await post(`${PUBLIC}/transfers`, host);
      assert.equal(answer.status, 201, `Host ${host}: ${JSON.stringify(answer.body)}`);
    }
  });

  it("refuses a proof naming another host or scheme, including the local URL, with a DPoP challenge", async () => {
    for (const htu of [
      "https://evil.example/transfers",
      "http://api.fabrikam.example/transfers",
      "https://api.fabrikam.example:8443/transfers",
      `${api.url}/transfers`,
    ]) {
      const answer = await post(htu, "api.fabrikam.example");
      assert.equal(answer.status, 401, htu);
      assert.match(
        answer.challenge,
        /^DPoP realm="fabrikam-api", error="invalid_token", error_description="The DPoP proof was made for another URL \(htu\); this request's URL is https:\/\/api\.fabrikam\.example\/transfers\.", algs="ES256"$/,
        htu,
      );
    }
  });

  it("does not let a spoofed Host header change the URL a proof must name", async () => {
    const spoofed = await post("https://evil.example/transfers", "evil.example");
    assert.equal(spoofed.status, 401);
    assert.match(spoofed.body.error_description ?? "", /URL is https:\/\/api\.fabrikam\.example\/transfers\./);
  });
});
