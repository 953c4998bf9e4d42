/**
 * Mixed load from many sessions at once: reads, transfers both ways and replays of spent tokens.
 * Money is conserved, every accepted transfer is recorded once, and every replay is refused.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { PROFILES } from "../common/profiles";
import { DEFAULT_API_AUDIENCE } from "../common/step-up";
import { silentLogger } from "./http/logger";
import { startApi, type RunningApi } from "./server";
import { startFakeIssuer, type FakeIssuer } from "./test-support/fake-issuer";

const SESSIONS = Number(process.env.API_IT_MIXED_SESSIONS ?? 40);

describe("mixed load: reads, transfers and replays from many sessions", { timeout: 120_000 }, () => {
  let issuer: FakeIssuer;
  let api: RunningApi;

  before(async () => {
    issuer = await startFakeIssuer();
    api = await startApi(
      { port: 0, issuer: issuer.issuer, audience: DEFAULT_API_AUDIENCE, databaseUrl: undefined, dataDir: "memory://", transferMaxAge: 300, profile: PROFILES.auth0, provisionDemoAccounts: false },
      { log: silentLogger },
    );
  });
  after(async () => {
    await api?.stop();
    await issuer?.stop();
  });

  const total = async () => Number((await api.db.query("SELECT sum(balance) AS total FROM accounts")).rows[0]?.total);
  const transferCount = async () => Number((await api.db.query("SELECT count(*) AS n FROM transfers")).rows[0]?.n);

  function post(token: string, from: string, to: string) {
    return fetch(`${api.url}/transfers`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "idempotency-key": randomUUID() },
      body: JSON.stringify({ from, to, amount: "1.00" }),
    });
  }

  it("conserves money, records each success once and refuses every replay", async () => {
    const moneyBefore = await total();
    const countBefore = await transferCount();
    const sessions = await Promise.all(
      Array.from({ length: SESSIONS }, async (_, i) => {
        const alice = i % 2 === 0;
        return {
          token: await issuer.mint({ sub: alice ? "alice" : "bob" }),
          reader: await issuer.mint({ sub: alice ? "alice" : "bob", scope: "openid read:accounts" }),
          from: alice ? "acc_alice_checking" : "acc_bob_checking",
          to: alice ? "acc_bob_checking" : "acc_alice_checking",
        };
      }),
    );
    const results = await Promise.all(
      sessions.map(async (s) => {
        const [first, read] = await Promise.all([
          post(s.token, s.from, s.to),
          fetch(`${api.url}/accounts`, { headers: { authorization: `Bearer ${s.reader}` } }),
        ]);
        // The replay goes out once the first use has an answer: the token is spent by then.
        const replay = await post(s.token, s.from, s.to);
        return { first: first.status, read: read.status, replay: replay.status, replayBody: (await replay.json()) as { error: string } };
      }),
    );
    for (const r of results) {
      assert.equal(r.first, 201);
      assert.equal(r.read, 200);
      assert.equal(r.replay, 401);
      assert.equal(r.replayBody.error, "invalid_token");
    }
    assert.equal(await total(), moneyBefore);
    assert.equal(await transferCount(), countBefore + SESSIONS);
    const { rows } = await api.db.query("SELECT count(*) AS n FROM used_tokens");
    assert.ok(Number(rows[0]?.n) >= SESSIONS);
  });
});
