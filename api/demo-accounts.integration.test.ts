/**
 * Demo accounts for newcomers (API_DEMO_ACCOUNTS=on): opened only for a token that passed the route's checks
 * (signature and claims, then the read scope), and paid out of the bank's reserve, so money is conserved.
 * Concurrent first requests on PGlite and PostgreSQL are in ledger/provision.test.ts.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { silentLogger } from "./http/logger";
import { MONEY_SUPPLY_CENTS } from "./ledger/bank";
import { ledgerProblems } from "./ledger/ledger-invariants";
import { type RunningApi, startApi } from "./server";
import { type FakeIssuer, startFakeIssuer } from "./test-support/fake-issuer";
import { testApiConfig } from "./test-support/test-config";

describe("demo accounts on first sight, through the routes", () => {
  let issuer: FakeIssuer;
  let api: RunningApi;
  let closed: RunningApi;

  before(async () => {
    issuer = await startFakeIssuer();
    const config = testApiConfig(issuer.issuer);
    api = await startApi({ ...config, provisionDemoAccounts: true }, { log: silentLogger });
    closed = await startApi({ ...config, provisionDemoAccounts: false }, { log: silentLogger });
  });
  after(async () => {
    await api?.stop();
    await closed?.stop();
    await issuer?.stop();
  });

  const accountsOf = async (sub: string) => (await api.db.query("SELECT id FROM accounts WHERE owner_sub = $1", [sub])).rows.length;
  const get = (base: string, path: string, token: string) => fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });

  it("opens nothing for a token that fails a check: no read scope, another client, expired, forged", async () => {
    const now = Math.floor(Date.now() / 1000);
    const forger = await issuer.newUnpublishedKey("key-1");
    const refused: Array<[string, Promise<string>, number]> = [
      ["no read scope", issuer.mint({ sub: "newcomer-scope", scope: "openid transfer:funds" }), 403],
      ["another client", issuer.mint({ sub: "newcomer-client", scope: "openid read:accounts", client_id: "another-app" }), 401],
      ["expired", issuer.mint({ sub: "newcomer-expired", scope: "openid read:accounts", iat: now - 900, exp: now - 600 }), 401],
      ["forged", issuer.mint({ sub: "newcomer-forged", scope: "openid read:accounts" }, { key: forger }), 401],
    ];
    for (const [label, token, status] of refused) {
      for (const path of ["/accounts", "/payees", "/accounts/x/transactions"]) {
        assert.equal((await get(api.url, path, await token)).status, status, `${label} ${path}`);
      }
    }
    for (const sub of ["newcomer-scope", "newcomer-client", "newcomer-expired", "newcomer-forged"]) assert.equal(await accountsOf(sub), 0, sub);
  });

  it("does not open accounts on a transfer, even with a valid transfer token", async () => {
    const token = await issuer.mint({ sub: "newcomer-transfer" });
    const answer = await fetch(`${api.url}/transfers`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ from: "acc_x_checking", to: "acc_bob_checking", amount: "1.00" }),
    });
    assert.equal(answer.status, 400);
    assert.equal(await accountsOf("newcomer-transfer"), 0);
  });

  it("opens funded accounts for a reader the ledger has never seen, paid out of the reserve", async () => {
    const token = await issuer.mint({ sub: "newcomer-reader", name: "Dana Reyes", scope: "openid read:accounts" });
    const answer = await get(api.url, "/accounts", token);
    assert.equal(answer.status, 200);
    const { accounts } = (await answer.json()) as { accounts: Array<{ name: string; balance: string; reference: string }> };
    assert.deepEqual(accounts.map((a) => [a.name, a.balance]).sort(), [
      ["Everyday checking", "1500.00"],
      ["Savings", "5000.00"],
    ]);
    for (const account of accounts) assert.match(account.reference, /^[0-9a-f]{4}$/);
    const total = Number((await api.db.query("SELECT SUM(balance) AS total FROM accounts")).rows[0]?.total);
    assert.equal(total, MONEY_SUPPLY_CENTS, "no money appeared");
    assert.deepEqual(await ledgerProblems(api.db), []);
    // Others see the newcomer as a payee whose name came from the token.
    const alice = await issuer.mint({ sub: "alice", scope: "openid read:accounts" });
    const { payees } = (await (await get(api.url, "/payees", alice)).json()) as {
      payees: Array<{ ownerName: string; ownerNameVerified: boolean; reference: string }>;
    };
    const dana = payees.filter((p) => p.ownerName === "Dana Reyes");
    assert.equal(dana.length, 2);
    assert.ok(dana.every((p) => p.ownerNameVerified === false && /^[0-9a-f]{4}$/.test(p.reference)));
    assert.ok(payees.filter((p) => p.ownerName === "Bob Smith").every((p) => p.ownerNameVerified));
  });

  it("opens nothing with API_DEMO_ACCOUNTS=off", async () => {
    const token = await issuer.mint({ sub: "newcomer-closed", scope: "openid read:accounts" });
    const answer = await get(closed.url, "/accounts", token);
    assert.equal(answer.status, 200);
    assert.deepEqual(await answer.json(), { accounts: [] });
    assert.equal((await closed.db.query("SELECT 1 FROM accounts WHERE owner_sub = 'newcomer-closed'")).rows.length, 0);
  });
});
