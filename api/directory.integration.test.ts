/**
 * The account directory (`GET /directory/accounts/{id}`), read by the identity provider to show whom a transfer
 * pays: only the IdP's client with `directory:read`, never the intranet's; and a directory token reaches no
 * customer route. Tokens are signed by a local issuer, as the API sees any RFC 9068 token.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DEFAULT_CLIENT_ID, DEFAULT_DIRECTORY_CLIENT_ID, DIRECTORY_READ_SCOPE } from "../common/step-up";
import { silentLogger } from "./http/logger";
import { BANK_ACCOUNT_ID } from "./ledger/bank";
import { type RunningApi, startApi } from "./server";
import { type FakeIssuer, startFakeIssuer } from "./test-support/fake-issuer";
import { testApiConfig } from "./test-support/test-config";

interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

describe("GET /directory/accounts/{id}", () => {
  let issuer: FakeIssuer;
  let api: RunningApi;

  before(async () => {
    issuer = await startFakeIssuer();
    api = await startApi(testApiConfig(issuer.issuer, { provisionDemoAccounts: true }), { log: silentLogger });
  });
  after(async () => {
    await api?.stop();
    await issuer?.stop();
  });

  // What the IdP's own token looks like: its client, no user (sub is the client), the directory scope only.
  const directoryToken = (claims: Record<string, unknown> = {}) =>
    issuer.mint({
      sub: DEFAULT_DIRECTORY_CLIENT_ID,
      client_id: DEFAULT_DIRECTORY_CLIENT_ID,
      scope: DIRECTORY_READ_SCOPE,
      acr: undefined,
      amr: undefined,
      auth_time: undefined,
      ...claims,
    });

  async function call(method: string, path: string, token?: string, body?: unknown): Promise<Answer> {
    const headers: Record<string, string> = token === undefined ? {} : { authorization: `Bearer ${token}` };
    if (body !== undefined) headers["content-type"] = "application/json";
    const response = await fetch(`${api.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  }

  const lookup = (id: string, token?: string) => call("GET", `/directory/accounts/${id}`, token);

  async function balances(): Promise<unknown[]> {
    return (await api.db.query("SELECT id, balance FROM accounts ORDER BY id")).rows;
  }

  it("names a customer account's owner for the IdP's directory token", async () => {
    const answer = await lookup("acc_bob_checking", await directoryToken());
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.deepEqual(answer.body, { id: "acc_bob_checking", name: "Everyday checking", ownerName: "Bob Smith", ownerNameVerified: true });
    assert.equal(answer.headers.get("cache-control"), "no-store");
  });

  it("says when the owner's name came from their own token (ownerNameVerified false)", async () => {
    const carol = await issuer.mint({ sub: "carol", name: "Carol Díaz", scope: "openid read:accounts" });
    const opened = await call("GET", "/accounts", carol);
    const id = String((opened.body.accounts as Array<{ id: string }>)[0]?.id);
    const answer = await lookup(id, await directoryToken());
    assert.equal(answer.status, 200);
    assert.equal(answer.body.ownerName, "Carol Díaz");
    assert.equal(answer.body.ownerNameVerified, false);
  });

  it("answers 404 alike for unknown, malformed and over-long ids, and for the bank's reserve", async () => {
    const token = await directoryToken();
    const answers = await Promise.all(["acc_nobody", "%00", "a%2Fb", "x".repeat(65), "y".repeat(5_000), BANK_ACCOUNT_ID].map((id) => lookup(id, token)));
    for (const answer of answers) {
      assert.equal(answer.status, 404, JSON.stringify(answer.body));
      assert.deepEqual(answer.body, { error: "not_found", error_description: "No customer account has that id." });
    }
    // Not percent-encoding of UTF-8 at all: 400, as on every route.
    for (const id of ["%ZZ", "%C0%AF"]) assert.equal((await lookup(id, token)).status, 400, id);
  });

  it("refuses the intranet's token, another client's, a token without directory:read, none, and an expired one", async () => {
    const now = Math.floor(Date.now() / 1000);
    const cases: Array<[string, string | undefined, number, string | undefined]> = [
      ["the intranet's client, even with directory:read", await directoryToken({ client_id: DEFAULT_CLIENT_ID }), 401, "invalid_token"],
      ["the intranet's ordinary read token", await issuer.mint({ scope: "openid read:accounts" }), 401, "invalid_token"],
      ["another client", await directoryToken({ client_id: "another-app-of-the-tenant" }), 401, "invalid_token"],
      ["no client at all", await directoryToken({ client_id: undefined }), 401, "invalid_token"],
      ["the IdP's client without directory:read", await directoryToken({ scope: "read:accounts" }), 403, "insufficient_scope"],
      ["expired", await directoryToken({ iat: now - 900, exp: now - 600 }), 401, "invalid_token"],
      ["no token", undefined, 401, "invalid_token"],
    ];
    for (const [label, token, status, error] of cases) {
      const answer = await lookup("acc_bob_checking", token);
      assert.equal(answer.status, status, `${label}: ${JSON.stringify(answer.body)}`);
      assert.equal(answer.body.error, error, label);
      assert.equal(answer.body.ownerName, undefined, label);
    }
    const scope = await lookup("acc_bob_checking", await directoryToken({ scope: "read:accounts" }));
    assert.match(scope.headers.get("www-authenticate") ?? "", /scope="directory:read"$/);
  });

  it("lets a directory token reach no customer route, even with the customer scopes", async () => {
    const before = await balances();
    const token = await directoryToken({ scope: `${DIRECTORY_READ_SCOPE} read:accounts transfer:funds`, sub: "alice" });
    for (const [method, path] of [
      ["GET", "/accounts"],
      ["GET", "/accounts/acc_alice_checking/transactions"],
      ["GET", "/payees"],
      ["POST", "/transfers"],
    ] as const) {
      const answer = await call(method, path, token, method === "POST" ? { from: "acc_alice_checking", to: "acc_bob_checking", amount: "1.00" } : undefined);
      assert.equal(answer.status, 401, `${method} ${path}: ${JSON.stringify(answer.body)}`);
      assert.equal(answer.body.error, "invalid_token");
    }
    assert.deepEqual(await balances(), before);
  });

  it("serves only the clients API_DIRECTORY_CLIENTS names", async () => {
    const other = await startApi(testApiConfig(issuer.issuer, { directoryClients: ["another-idp"] }), { log: silentLogger });
    try {
      const get = async (token: string) =>
        (await fetch(`${other.url}/directory/accounts/acc_bob_checking`, { headers: { authorization: `Bearer ${token}` } })).status;
      assert.equal(await get(await directoryToken({ client_id: "another-idp" })), 200);
      assert.equal(await get(await directoryToken()), 401);
    } finally {
      await other.stop();
    }
  });
});
