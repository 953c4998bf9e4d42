/**
 * RFC 9396 at the Accounts API: a transfer token approved for one transfer (authorization_details of type
 * fabrikam_transfer) pays exactly that transfer. Asked for another, the API answers 403
 * insufficient_authorization_details before anything is spent or replayed, so the token still pays the approved
 * one. Tokens are signed by a local issuer, to reach every shape of details; a token from the real dev IdP is held to
 * its details in lib/auth/dpop-binding.integration.test.ts. PGlite and PostgreSQL.
 */
import assert from "node:assert/strict";
import { createHash, randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { calculateJwkThumbprint, decodeJwt, exportJWK, generateKeyPair, SignJWT } from "jose";
import { REFUSAL_REASONS } from "../common/api-refusals";
import { TRANSFER_DETAILS_TYPE, transferDetails } from "../common/authorization-details";
import { createTestSchema, postgresTestUrl } from "../testing/postgres-run";
import { silentLogger } from "./http/logger";
import { ledgerProblems } from "./ledger/ledger-invariants";
import { type RunningApi, startApi } from "./server";
import { type FakeIssuer, startFakeIssuer } from "./test-support/fake-issuer";
import { testApiConfig } from "./test-support/test-config";

const A = "acc_alice_checking";
const B = "acc_bob_checking";
const APPROVED = transferDetails({ from: A, to: B, amount: "3.21" });
const EXACT = { from: A, to: B, amount: "3.21" };

interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

// What each refusal must look like: 403, the challenge in the request's scheme, the members named for programs.
const CHALLENGE = /^(Bearer|DPoP) realm="fabrikam-api", error="insufficient_authorization_details", error_description="([^"]+)"(, algs="ES256")?$/;

/** A local issuer and an API on a fresh schema (PostgreSQL) or PGlite; `stop` ends both and drops the schema. */
async function startIssuerAndApi(databaseUrl: string | undefined, schemaName: string, requireAuthorizationDetails: boolean) {
  const issuer = await startFakeIssuer();
  const fresh = databaseUrl ? await createTestSchema(databaseUrl, schemaName) : undefined;
  const api = await startApi(testApiConfig(issuer.issuer, { databaseUrl, requireAuthorizationDetails }), {
    log: silentLogger,
    ...(fresh ? { schema: fresh.schema } : {}),
  });
  const stop = async () => {
    await api.stop();
    await fresh?.drop();
    await issuer.stop();
  };
  return { issuer, api, stop };
}

function suite(backend: string, databaseUrl: string | undefined) {
  describe(`authorization details (RFC 9396) on POST /transfers, ${backend}`, { timeout: 60_000 }, () => {
    let issuer: FakeIssuer;
    let api: RunningApi;
    let stop: (() => Promise<void>) | undefined;
    before(async () => ({ issuer, api, stop } = await startIssuerAndApi(databaseUrl, "api_rar", true)));
    after(() => stop?.());

    async function transfer(token: string, body: unknown, headers: Record<string, string> = {}, scheme = "Bearer"): Promise<Answer> {
      const response = await fetch(`${api.url}/transfers`, {
        method: "POST",
        headers: { authorization: `${scheme} ${token}`, "content-type": "application/json", ...headers },
        body: JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
    }

    async function balances(): Promise<Record<string, number>> {
      const { rows } = await api.db.query("SELECT id, balance FROM accounts ORDER BY id");
      return Object.fromEntries(rows.map((row) => [String(row.id), Number(row.balance)]));
    }

    const approvedFor = (details: unknown = [APPROVED], claims: Record<string, unknown> = {}) => issuer.mint({ authorization_details: details, ...claims });

    function assertRefused(answer: Answer, reason: string, differing: string[], scheme = "Bearer") {
      assert.equal(answer.status, 403, JSON.stringify(answer.body));
      const challenge = answer.headers.get("www-authenticate") ?? "";
      const match = CHALLENGE.exec(challenge);
      assert.ok(match, challenge);
      assert.equal(match[1], scheme);
      assert.equal(answer.body.error, "insufficient_authorization_details");
      assert.equal(answer.body.reason, reason);
      assert.deepEqual(answer.body.differing, differing);
      assert.equal(match[2], answer.body.error_description, "the header says what the body says");
      assert.equal(answer.headers.get("cache-control"), "no-store");
    }

    it("refuses a $3.21 A→B token for $321.00, another payee, another from and both, moving nothing; then it pays $3.21 once", async () => {
      const token = await approvedFor();
      const before = await balances();
      const cases: Array<[string, Record<string, string>, string[]]> = [
        ["$321.00", { ...EXACT, amount: "321.00" }, ["amount"]],
        ["another payee", { ...EXACT, to: "acc_bob_savings" }, ["to"]],
        ["another from", { ...EXACT, from: "acc_alice_savings" }, ["from"]],
        ["another from and payee", { ...EXACT, from: "acc_alice_savings", to: "acc_bob_savings" }, ["from", "to"]],
        ["everything else", { from: "acc_alice_savings", to: "acc_bob_savings", amount: "321.00" }, ["from", "to", "amount"]],
        ["another currency", { ...EXACT, currency: "EUR" }, ["currency"]],
      ];
      for (const [label, body, differing] of cases) {
        const answer = await transfer(token, body);
        assertRefused(answer, REFUSAL_REASONS.transferNotApproved, differing);
        assert.match(
          String(answer.body.error_description),
          /^This token approves a different transfer: .+ from what was approved\. Ask for a new approval\.$/,
          label,
        );
      }
      const amount = await transfer(token, { ...EXACT, amount: "321.00" });
      assert.equal(
        amount.body.error_description,
        "This token approves a different transfer: the amount differs from what was approved. Ask for a new approval.",
      );
      assert.deepEqual(await balances(), before, "nothing moved");
      const spent = await api.db.query("SELECT 1 FROM used_tokens WHERE jti = $1", [decodeJwt(token).jti]);
      assert.equal(spent.rows.length, 0, "no refusal spent the token");

      // The same token still pays exactly what was approved, once.
      const paid = await transfer(token, { ...EXACT, currency: "USD" });
      assert.equal(paid.status, 201, JSON.stringify(paid.body));
      assert.deepEqual([paid.body.from, paid.body.to, paid.body.amount], [A, B, "3.21"]);
      const after = await balances();
      assert.equal(after[A], (before[A] ?? 0) - 321);
      assert.equal(after[B], (before[B] ?? 0) + 321);
      const replay = await transfer(token, EXACT);
      assert.equal(replay.status, 401);
      assert.equal(replay.body.reason, REFUSAL_REASONS.tokenReplayed);
      assert.deepEqual(await balances(), after);
      assert.deepEqual(await ledgerProblems(api.db), []);
    });

    it('takes "3.2" and "3.20" for the same amount, in the token or the body', async () => {
      assert.equal((await transfer(await approvedFor([{ ...APPROVED, amount: "3.2" }]), { ...EXACT, amount: "3.20" })).status, 201);
      assert.equal((await transfer(await approvedFor([{ ...APPROVED, amount: "3.20" }]), { ...EXACT, amount: "3.2" })).status, 201);
    });

    it("refuses a token that approves no transfer: none, malformed, two, or another type", async () => {
      const before = await balances();
      for (const details of [undefined, [], [{ ...APPROVED, amount: "-3.21" }], [APPROVED, APPROVED], [{ type: "payment_initiation" }], { ...APPROVED }]) {
        const token = details === undefined ? await issuer.mint() : await approvedFor(details);
        const answer = await transfer(token, EXACT);
        assertRefused(answer, REFUSAL_REASONS.noApprovedTransfer, []);
        assert.match(String(answer.body.error_description), /^This token does not approve a specific transfer/, JSON.stringify(details));
      }
      assert.deepEqual(await balances(), before);
    });

    it("refuses an Idempotency-Key replay the token does not approve, instead of answering from the stored result", async () => {
      const key = { "idempotency-key": `rar-${randomUUID()}` };
      const token = await approvedFor();
      const first = await transfer(token, EXACT, key);
      assert.equal(first.status, 201);
      const before = await balances();
      // The same key with another amount: the details check answers, not the stored transfer nor its 422.
      assertRefused(await transfer(token, { ...EXACT, amount: "321.00" }, key), REFUSAL_REASONS.transferNotApproved, ["amount"]);
      // Another token, approved for $5.00, asking for the stored $3.21 under the same key: refused, not replayed.
      const other = await approvedFor([{ ...APPROVED, amount: "5.00" }]);
      assertRefused(await transfer(other, EXACT, key), REFUSAL_REASONS.transferNotApproved, ["amount"]);
      // The approved body under the same key is the lost response, answered again.
      const retry = await transfer(token, EXACT, key);
      assert.equal(retry.status, 200);
      assert.equal(retry.headers.get("idempotent-replayed"), "true");
      assert.deepEqual(retry.body, first.body);
      assert.deepEqual(await balances(), before);
      // The $5.00 token was not spent by its refusal.
      assert.equal((await transfer(other, { ...EXACT, amount: "5.00" })).status, 201);
    });

    it("answers a DPoP-bound token's refusal in the DPoP scheme, and keeps the token", async () => {
      const { privateKey, publicKey } = await generateKeyPair("ES256");
      const jwk = await exportJWK(publicKey);
      const token = await approvedFor([APPROVED], { cnf: { jkt: await calculateJwkThumbprint(jwk) } });
      const proof = () =>
        new SignJWT({
          htm: "POST",
          htu: `${api.url}/transfers`,
          ath: createHash("sha256").update(token).digest("base64url"),
          jti: randomUUID(),
          iat: Math.floor(Date.now() / 1000),
        })
          .setProtectedHeader({ alg: "ES256", typ: "dpop+jwt", jwk })
          .sign(privateKey);
      const before = await balances();
      assertRefused(
        await transfer(token, { ...EXACT, amount: "321.00" }, { dpop: await proof() }, "DPoP"),
        REFUSAL_REASONS.transferNotApproved,
        ["amount"],
        "DPoP",
      );
      assert.deepEqual(await balances(), before);
      assert.equal((await transfer(token, EXACT, { dpop: await proof() }, "DPoP")).status, 201);
    });

    it("keeps the earlier checks first: a token without transfer:funds hears about its scope, not its details", async () => {
      const answer = await transfer(await approvedFor([APPROVED], { scope: "openid read:accounts" }), { ...EXACT, amount: "321.00" });
      assert.equal(answer.status, 403);
      assert.equal(answer.body.error, "insufficient_scope");
    });
  });

  describe(`authorization details not required (a provider without RAR), ${backend}`, { timeout: 60_000 }, () => {
    let issuer: FakeIssuer;
    let api: RunningApi;
    let stop: (() => Promise<void>) | undefined;
    before(async () => ({ issuer, api, stop } = await startIssuerAndApi(databaseUrl, "api_rar_off", false)));
    after(() => stop?.());

    const post = (token: string, body: unknown) =>
      fetch(`${api.url}/transfers`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });

    it("lets a token without details pay any one transfer, and still holds a token with details to them", async () => {
      assert.equal((await post(await issuer.mint(), { ...EXACT, amount: "7.00" })).status, 201);
      const approved = await issuer.mint({ authorization_details: [{ ...APPROVED, type: TRANSFER_DETAILS_TYPE }] });
      const refused = await post(approved, { ...EXACT, amount: "321.00" });
      assert.equal(refused.status, 403);
      assert.equal(((await refused.json()) as { error: string }).error, "insufficient_authorization_details");
      assert.equal((await post(approved, EXACT)).status, 201);
    });
  });
}

suite("PGlite", undefined);
const testDatabaseUrl = postgresTestUrl("runs the same suite");
if (testDatabaseUrl) suite("PostgreSQL", testDatabaseUrl);
