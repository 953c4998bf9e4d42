/**
 * The API stops in the middle of a burst of transfers and starts again on the same database. Every request whose
 * answer was lost is retried with the same Idempotency-Key and the same token: a committed transfer is replayed
 * (200, Idempotent-Replayed), an uncommitted one goes through now. Nothing is lost and nothing is applied twice.
 * Real tokens from the dev IdP; the ledger in file-backed PGlite, or PostgreSQL when TEST_DATABASE_URL is set.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { DEV_DEFAULTS } from "../common/dev-defaults";
import { DEFAULT_API_AUDIENCE, DEFAULT_CLIENT_ID, SCOPES } from "../common/step-up";
import { createTestSchema, postgresTestUrl } from "../testing/postgres-run";
import { type CookieJar, scriptedLogin } from "../testing/scripted-login";
import { type RunningIdp, startIdp } from "../testing/start-idp";
import type { ApiConfig } from "./config";
import { silentLogger } from "./http/logger";
import { ledgerProblems } from "./ledger/ledger-invariants";
import { type RunningApi, startApi } from "./server";
import { testApiConfig } from "./test-support/test-config";

const BURST = Number(process.env.API_IT_RESTART_BURST ?? 40);
const SESSIONS = 8;
const ALICE = { username: "alice", password: "fabrikam-alice", totpSecret: "JBSWY3DPEHPK3PXP" };

let idp: RunningIdp;
const tokens: string[] = [];

/** Single-use transfer:funds tokens for alice, minted in parallel IdP sessions (one login at a time per session). */
async function transferTokens(count: number): Promise<string[]> {
  const batches = await Promise.all(
    Array.from({ length: SESSIONS }, async (_, s) => {
      const minted: string[] = [];
      let cookies: CookieJar | undefined;
      for (let i = s; i < count; i += SESSIONS) {
        const result = await scriptedLogin({
          issuer: idp.issuer,
          clientId: DEFAULT_CLIENT_ID,
          clientSecret: DEV_DEFAULTS.clientSecret,
          redirectUri: "http://localhost:3000/auth/callback",
          ...ALICE,
          scope: `openid ${SCOPES.transferFunds}`,
          resource: DEFAULT_API_AUDIENCE,
          cookies,
        });
        cookies = result.cookies;
        minted.push(result.tokens.access_token);
      }
      return minted;
    }),
  );
  return batches.flat();
}

before(async () => {
  // Many real MFA tokens for one user within one code window: the IdP's dev-only reuse switch allows it.
  idp = await startIdp({ env: { IDP_TEST_ALLOW_OTP_REUSE: "1" } });
  tokens.push(...(await transferTokens(BURST)));
});
after(() => idp?.stop());

interface Request {
  key: string;
  token: string;
  amount: string;
}
type Outcome = { status: number; replayed: boolean } | { lost: string };

function suite(backend: string, databaseUrl: string | undefined) {
  describe(`API restarted mid-load on ${backend}`, { timeout: 180_000 }, () => {
    let dataDir: string;
    let schema: string | undefined;
    let api: RunningApi | undefined;

    const start = () => {
      const config: ApiConfig = testApiConfig(idp.issuer, { databaseUrl, dataDir, provisionDemoAccounts: true });
      return startApi(config, { log: silentLogger, ...(schema ? { schema } : {}) });
    };

    let dropSchema: (() => Promise<void>) | undefined;

    before(async () => {
      dataDir = await mkdtemp(join(tmpdir(), "fabrikam-api-restart-"));
      const fresh = databaseUrl ? await createTestSchema(databaseUrl, "api_restart") : undefined;
      schema = fresh?.schema;
      dropSchema = fresh?.drop;
    });
    after(async () => {
      await api?.stop();
      await dropSchema?.();
      await rm(dataDir, { recursive: true, force: true });
    });

    async function send(url: string, r: Request): Promise<Outcome> {
      try {
        const response = await fetch(`${url}/transfers`, {
          method: "POST",
          headers: { authorization: `Bearer ${r.token}`, "content-type": "application/json", "idempotency-key": r.key },
          body: JSON.stringify({ from: "acc_alice_checking", to: "acc_bob_checking", amount: r.amount }),
        });
        await response.text();
        // A 5xx says nothing about whether the transfer committed: treat it like a lost answer.
        if (response.status >= 500) return { lost: `HTTP ${response.status}` };
        return { status: response.status, replayed: response.headers.get("idempotent-replayed") === "true" };
      } catch (error) {
        return { lost: error instanceof Error ? error.message : String(error) };
      }
    }

    it("loses no committed transfer and applies none twice when retried with the same key and token", async () => {
      api = await start();
      const totalOf = async (running: RunningApi) => Number((await running.db.query("SELECT sum(balance) AS t FROM accounts")).rows[0]?.t);
      const moneyBefore = await totalOf(api);
      const aliceBefore = Number((await api.db.query("SELECT balance FROM accounts WHERE id = 'acc_alice_checking'")).rows[0]?.balance);

      // Distinct amounts, so a transfer applied twice would show in the balances as well as in the rows.
      const requests: Request[] = tokens.map((token, i) => ({ key: randomUUID(), token, amount: `1.${String(i).padStart(2, "0")}` }));
      const first = api;
      let answered = 0;
      let stopping: Promise<void> | undefined;
      const outcomes = await Promise.all(
        requests.map(async (r) => {
          const outcome = await send(first.url, r);
          answered += 1;
          // Stop in the middle of the burst: the requests still in flight lose their answers.
          if (answered === Math.floor(BURST / 4)) stopping = first.stop();
          return outcome;
        }),
      );
      await stopping;
      const lost = requests.filter((_, i) => "lost" in (outcomes[i] as Outcome));
      const created = outcomes.filter((o) => "status" in o && o.status === 201).length;
      assert.ok(lost.length > 0, "the stop happened mid-burst, so some answers were lost");
      assert.ok(
        outcomes.every((o) => "lost" in o || o.status === 201),
        `unexpected answers ${JSON.stringify(outcomes)}`,
      );

      api = await start();
      const retries = await Promise.all(lost.map((r) => send((api as RunningApi).url, r)));
      let replayed = 0;
      for (const [i, retry] of retries.entries()) {
        assert.ok("status" in retry, `retry of ${lost[i]?.key} lost again: ${JSON.stringify(retry)}`);
        if (retry.replayed) {
          assert.equal(retry.status, 200, "a committed transfer is replayed");
          replayed += 1;
        } else {
          assert.equal(retry.status, 201, "a transfer that did not commit goes through on retry");
        }
      }
      console.log(
        `${backend}: ${created} answered before the stop, ${lost.length} lost; on retry ${replayed} replayed, ${lost.length - replayed} committed now`,
      );

      const { rows } = await api.db.query(
        "SELECT idempotency_key AS key, count(*) AS n FROM transfers WHERE owner_sub = 'alice' AND idempotency_key IS NOT NULL GROUP BY idempotency_key",
      );
      const perKey = new Map(rows.map((row) => [String(row.key), Number(row.n)]));
      for (const r of requests) assert.equal(perKey.get(r.key), 1, `exactly one transfer for key ${r.key}`);
      assert.equal(await totalOf(api), moneyBefore, "money is neither created nor destroyed");
      // Conservation against what the reserve issued, histories, no negative balance, two entries per transfer.
      assert.deepEqual(await ledgerProblems(api.db), []);
      const moved = requests.reduce((sum, r) => sum + Math.round(Number(r.amount) * 100), 0);
      const aliceAfter = Number((await api.db.query("SELECT balance FROM accounts WHERE id = 'acc_alice_checking'")).rows[0]?.balance);
      assert.equal(aliceBefore - aliceAfter, moved, "each transfer left alice's account exactly once (balances are in cents)");
    });
  });
}

suite("PGlite (file-backed)", undefined);
// Under CI=true the PostgreSQL run cannot be skipped (testing/postgres-run.ts).
const testDatabaseUrl = postgresTestUrl("runs the same test");
if (testDatabaseUrl) suite("PostgreSQL", testDatabaseUrl);
