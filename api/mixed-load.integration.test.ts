/**
 * Mixed load from many sessions at once: reads, transfers both ways, transfers the balance cannot cover, and
 * replays of every token. Exactly the transfers that should commit do, every other attempt is refused with the
 * right status, balances move by exactly the committed amounts, and the ledger's invariants hold. On PGlite and on
 * PostgreSQL, where the transactions really interleave (PGlite runs them one at a time).
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { REFUSAL_REASONS } from "../common/api-refusals";
import { formatAmount } from "../common/money";
import { createTestSchema, postgresTestUrl } from "../testing/postgres-run";
import { silentLogger } from "./http/logger";
import { ledgerProblems } from "./ledger/ledger-invariants";
import { type RunningApi, startApi } from "./server";
import { type FakeIssuer, startFakeIssuer } from "./test-support/fake-issuer";
import { testApiConfig } from "./test-support/test-config";

const SESSIONS = Number(process.env.API_IT_MIXED_SESSIONS ?? 40);
// More than any account holds: refused for funds, which leaves the token unspent.
const OVERDRAFT_CENTS = 99_999_900;

interface Session {
  token: string;
  reader: string;
  from: string;
  to: string;
  cents: number;
  /** True when the balance cannot cover it. */
  overdraft: boolean;
}

interface Answer {
  status: number;
  body: { error?: string; reason?: string };
}

function suite(backend: string, databaseUrl: string | undefined) {
  describe(`mixed load on ${backend}: reads, transfers, overdrafts and replays from ${SESSIONS} sessions`, { timeout: 120_000 }, () => {
    let issuer: FakeIssuer;
    let api: RunningApi;
    let dropSchema: (() => Promise<void>) | undefined;

    before(async () => {
      issuer = await startFakeIssuer();
      const fresh = databaseUrl ? await createTestSchema(databaseUrl, "api_mixed") : undefined;
      dropSchema = fresh?.drop;
      api = await startApi(testApiConfig(issuer.issuer, { databaseUrl }), { log: silentLogger, ...(fresh ? { schema: fresh.schema } : {}) });
    });
    after(async () => {
      await api?.stop();
      await dropSchema?.();
      await issuer?.stop();
    });

    const count = async (sql: string) => Number((await api.db.query(sql)).rows[0]?.n);
    async function balances(): Promise<Record<string, number>> {
      const { rows } = await api.db.query("SELECT id, balance FROM accounts ORDER BY id");
      return Object.fromEntries(rows.map((row) => [String(row.id), Number(row.balance)]));
    }

    async function post(s: Session): Promise<Answer> {
      const response = await fetch(`${api.url}/transfers`, {
        method: "POST",
        headers: { authorization: `Bearer ${s.token}`, "content-type": "application/json", "idempotency-key": randomUUID() },
        body: JSON.stringify({ from: s.from, to: s.to, amount: formatAmount(s.cents) }),
      });
      return { status: response.status, body: (await response.json()) as Answer["body"] };
    }

    it("commits exactly the covered transfers, refuses the rest and every replay, and moves exactly the committed amounts", async () => {
      const before = await balances();
      const transfersBefore = await count("SELECT count(*) AS n FROM transfers");
      const spentBefore = await count("SELECT count(*) AS n FROM used_tokens");
      const sessions: Session[] = await Promise.all(
        Array.from({ length: SESSIONS }, async (_, i) => {
          const alice = i % 2 === 0;
          const sub = alice ? "alice" : "bob";
          const overdraft = i % 5 === 4;
          return {
            token: await issuer.mint({ sub }),
            reader: await issuer.mint({ sub, scope: "openid read:accounts" }),
            from: alice ? "acc_alice_checking" : "acc_bob_checking",
            to: alice ? "acc_bob_checking" : "acc_alice_checking",
            // Distinct amounts, larger one way than the other, so a transfer applied twice, to the wrong side or not
            // at all shows in the balances (equal flows both ways would cancel out).
            cents: overdraft ? OVERDRAFT_CENTS : alice ? 100 + i : 300 + 3 * i,
            overdraft,
          };
        }),
      );

      const results = await Promise.all(
        sessions.map(async (s) => {
          const [first, read] = await Promise.all([post(s), fetch(`${api.url}/accounts`, { headers: { authorization: `Bearer ${s.reader}` } })]);
          // The replay goes out once the first use has an answer: a committed transfer has spent the token by then.
          const replay = await post(s);
          return { session: s, first, read: read.status, replay };
        }),
      );

      const covered = sessions.filter((s) => !s.overdraft);
      for (const { session, first, read, replay } of results) {
        assert.equal(read, 200);
        if (session.overdraft) {
          // Refused for funds, the token stays unspent: the replay is refused for funds again, not as a replay.
          assert.deepEqual([first.status, first.body.error], [422, "insufficient_funds"]);
          assert.deepEqual([replay.status, replay.body.error], [422, "insufficient_funds"]);
        } else {
          assert.equal(first.status, 201, JSON.stringify(first.body));
          assert.deepEqual([replay.status, replay.body.error, replay.body.reason], [401, "invalid_token", REFUSAL_REASONS.tokenReplayed]);
        }
      }
      const statuses = results.flatMap((r) => [r.first.status, r.replay.status]);
      const succeeded = statuses.filter((s) => s === 201).length;
      const refused = statuses.filter((s) => s === 401 || s === 422).length;
      assert.equal(succeeded, covered.length);
      assert.equal(refused, 2 * SESSIONS - covered.length);
      assert.equal(succeeded + refused, statuses.length, "no other status");

      // Balances moved by exactly the committed amounts, and nothing else moved.
      const after = await balances();
      const sent = (from: string) => covered.filter((s) => s.from === from).reduce((sum, s) => sum + s.cents, 0);
      const aliceNet = sent("acc_bob_checking") - sent("acc_alice_checking");
      assert.notEqual(aliceNet, 0, "the load must move money on balance");
      const expected = {
        ...before,
        acc_alice_checking: (before.acc_alice_checking ?? 0) + aliceNet,
        acc_bob_checking: (before.acc_bob_checking ?? 0) - aliceNet,
      };
      assert.deepEqual(after, expected);
      assert.equal(await count("SELECT count(*) AS n FROM transfers"), transfersBefore + covered.length, "each success recorded once");
      assert.equal(await count("SELECT count(*) AS n FROM used_tokens"), spentBefore + covered.length, "only committed transfers spent their token");
      assert.deepEqual(await ledgerProblems(api.db), []);
    });
  });
}

suite("PGlite", undefined);
// The concurrency claim needs this run; under CI=true it cannot be skipped (testing/postgres-run.ts).
const databaseUrl = postgresTestUrl("mixed load");
if (databaseUrl) suite("PostgreSQL", databaseUrl);
