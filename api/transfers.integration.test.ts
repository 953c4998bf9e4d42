/**
 * The step-up-for-APIs flow end to end: the real dev IdP (child process) issues the tokens,
 * the Accounts API runs in-process, on PGlite and — when TEST_DATABASE_URL is set — on PostgreSQL.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { decodeJwt } from "jose";
import { REFUSAL_REASONS } from "../common/api-refusals";
import { DEV_DEFAULTS } from "../common/dev-defaults";
import { PROFILES } from "../common/profiles";
import { ACR_MFA, DEFAULT_API_AUDIENCE, DEFAULT_CLIENT_ID, SCOPES } from "../common/step-up";
import { untilClockPasses } from "../testing/clock";
import { createTestSchema, postgresTestUrl } from "../testing/postgres-run";
import { type CookieJar, scriptedLogin } from "../testing/scripted-login";
import { type RunningIdp, startIdp } from "../testing/start-idp";
import { createApiHandler } from "./app";
import { createAccessTokenVerifier } from "./auth/verify-access-token";
import { silentLogger } from "./http/logger";
import { accountReference } from "./ledger/accounts";
import { BANK_ACCOUNT_ID } from "./ledger/bank";
import { ledgerProblems } from "./ledger/ledger-invariants";
import { type RunningApi, startApi } from "./server";
import { testApiConfig } from "./test-support/test-config";

const CONCURRENT_TRANSFERS = Number(process.env.API_IT_CONCURRENT_TRANSFERS ?? 200);
const TOKEN_SESSIONS = 20;
const IDEMPOTENCY_RACE = 8;
const USERS = {
  alice: { username: "alice", password: "fabrikam-alice", totpSecret: "JBSWY3DPEHPK3PXP" },
  bob: { username: "bob", password: "fabrikam-bob", totpSecret: "GEZDGNBVGY3TQOJQ" },
} as const;
type User = keyof typeof USERS;

let idp: RunningIdp;

async function login(user: User, scope: string, cookies?: CookieJar) {
  return scriptedLogin({
    issuer: idp.issuer,
    clientId: DEFAULT_CLIENT_ID,
    clientSecret: DEV_DEFAULTS.clientSecret,
    redirectUri: "http://localhost:3000/auth/callback",
    ...USERS[user],
    scope,
    resource: DEFAULT_API_AUDIENCE,
    cookies,
  });
}

/**
 * `count` MFA tokens with transfer:funds. Logins run in parallel across several IdP sessions;
 * within one session they run one after another (oidc-provider refuses concurrent interactions
 * on one session).
 */
async function transferTokens(user: User, count: number): Promise<string[]> {
  const sessions = Math.min(TOKEN_SESSIONS, count);
  const perSession = Array.from({ length: sessions }, (_, i) => Math.floor(count / sessions) + (i < count % sessions ? 1 : 0));
  const batches = await Promise.all(
    perSession.map(async (n) => {
      const tokens: string[] = [];
      let cookies: CookieJar | undefined;
      for (let i = 0; i < n; i++) {
        const result = await login(user, `openid ${SCOPES.transferFunds}`, cookies);
        cookies = result.cookies;
        tokens.push(result.tokens.access_token);
      }
      return tokens;
    }),
  );
  return batches.flat();
}

// Real tokens, obtained once and used on each backend (each backend has its own used_tokens).
const tokens = {
  alice: [] as string[],
  bob: [] as string[],
  readOnly: "",
  idToken: "",
  concurrentAlice: [] as string[],
  idempotencyRace: [] as string[],
  concurrentBob: [] as string[],
};

before(async () => {
  const started = Date.now();
  // Mints many real MFA tokens per user within one code window: the IdP's dev-only reuse switch allows it.
  idp = await startIdp({ env: { IDP_TEST_ALLOW_OTP_REUSE: "1" } });
  const half = Math.ceil(CONCURRENT_TRANSFERS / 2);
  const [alice, bob, readOnly, concurrentAlice, concurrentBob, idempotencyRace] = await Promise.all([
    transferTokens("alice", 5),
    transferTokens("bob", 1),
    login("alice", `openid ${SCOPES.readAccounts}`),
    transferTokens("alice", half),
    transferTokens("bob", CONCURRENT_TRANSFERS - half),
    transferTokens("alice", IDEMPOTENCY_RACE),
  ]);
  Object.assign(tokens, {
    alice,
    bob,
    readOnly: readOnly.tokens.access_token,
    idToken: readOnly.tokens.id_token ?? "",
    concurrentAlice,
    concurrentBob,
    idempotencyRace,
  });
  console.log(`obtained ${alice.length + bob.length + 1 + CONCURRENT_TRANSFERS + IDEMPOTENCY_RACE} real tokens from the dev IdP in ${Date.now() - started} ms`);
});
after(() => idp?.stop());

interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

function suite(backend: string, databaseUrl: string | undefined) {
  // Said in the titles of the concurrency claims: only the PostgreSQL run interleaves their transactions.
  const interleaving = databaseUrl ? "(PostgreSQL: transactions interleave)" : "(PGlite: transactions run one at a time)";
  describe(`Accounts API on ${backend}`, { timeout: 120_000 }, () => {
    let api: RunningApi;
    let schema: string | undefined;
    let dropSchema: (() => Promise<void>) | undefined;

    async function call(method: string, path: string, options: { token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> {
      const headers: Record<string, string> = { ...options.headers };
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      if (options.body !== undefined) headers["content-type"] ??= "application/json";
      const response = await fetch(`${api.url}${path}`, {
        method,
        headers,
        body: options.body === undefined ? undefined : typeof options.body === "string" ? options.body : JSON.stringify(options.body),
      });
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
    }

    const transfer = (token: string, body: unknown, headers?: Record<string, string>) => call("POST", "/transfers", { token, body, headers });

    async function balances(): Promise<Record<string, number>> {
      const { rows } = await api.db.query("SELECT id, balance FROM accounts ORDER BY id");
      return Object.fromEntries(rows.map((row) => [String(row.id), Number(row.balance)]));
    }

    function assertError(answer: Answer, status: number, error: string) {
      assert.equal(answer.status, status, JSON.stringify(answer.body));
      assert.equal(answer.body.error, error);
      assert.equal(typeof answer.body.error_description, "string");
      assert.equal(answer.headers.get("cache-control"), "no-store");
    }

    before(async () => {
      // A fresh schema per run keeps runs repeatable and parallel processes apart.
      const fresh = databaseUrl ? await createTestSchema(databaseUrl, "api_it") : undefined;
      schema = fresh?.schema;
      dropSchema = fresh?.drop;
      api = await startApi(testApiConfig(idp.issuer, { databaseUrl, provisionDemoAccounts: true }), { log: silentLogger, schema });
    });

    after(async () => {
      await api?.stop();
      await dropSchema?.();
    });

    it("answers /health without a token, 404 for unknown routes, 405 with Allow", async () => {
      const health = await call("GET", "/health");
      assert.equal(health.status, 200);
      assert.deepEqual(health.body, { status: "ok" });
      assert.equal(health.headers.get("cache-control"), "no-store");
      assertError(await call("GET", "/nope"), 404, "not_found");
      const wrongMethod = await call("GET", "/transfers");
      assertError(wrongMethod, 405, "method_not_allowed");
      assert.equal(wrongMethod.headers.get("allow"), "POST");
      assert.equal((await call("DELETE", "/accounts")).headers.get("allow"), "GET");
    });

    it("serves a password-only read:accounts token on the read endpoints", async () => {
      const accounts = await call("GET", "/accounts", { token: tokens.readOnly });
      assert.equal(accounts.status, 200);
      assert.deepEqual(accounts.body.accounts, [
        { id: "acc_alice_checking", name: "Everyday checking", currency: "USD", balance: "2500.00", reference: accountReference("acc_alice_checking") },
        { id: "acc_alice_savings", name: "Savings", currency: "USD", balance: "10000.00", reference: accountReference("acc_alice_savings") },
      ]);
      const history = await call("GET", "/accounts/acc_alice_checking/transactions", { token: tokens.readOnly });
      assert.equal(history.status, 200);
      const entries = history.body.transactions as Array<{ createdAt: string; amount: string }>;
      assert.ok(entries.length > 0);
      const times = entries.map((e) => Date.parse(e.createdAt));
      assert.deepEqual(
        times,
        [...times].sort((a, b) => b - a),
        "newest first",
      );
      assert.match(entries[0]?.amount ?? "", /^-?\d+\.\d\d$/);
      const payees = await call("GET", "/payees", { token: tokens.readOnly });
      assert.deepEqual(
        (payees.body.payees as Array<{ accountId: string }>).map((p) => p.accountId),
        ["acc_bob_checking", "acc_bob_savings"],
      );
      // Someone else's account and a missing one look the same.
      const others = await call("GET", "/accounts/acc_bob_checking/transactions", { token: tokens.readOnly });
      const missing = await call("GET", "/accounts/acc_nobody/transactions", { token: tokens.readOnly });
      assertError(others, 404, "not_found");
      assert.deepEqual(others.body, missing.body);
    });

    it("refuses a transfer without transfer:funds: 403 insufficient_scope", async () => {
      const answer = await transfer(tokens.readOnly, { from: "acc_alice_checking", to: "acc_bob_checking", amount: "1.00" });
      assertError(answer, 403, "insufficient_scope");
      assert.match(
        answer.headers.get("www-authenticate") ?? "",
        /^Bearer realm="fabrikam-api", error="insufficient_scope", error_description="[^"]+", scope="transfer:funds"$/,
      );
    });

    it("refuses missing, malformed and forged tokens, and ID tokens", async () => {
      const none = await transfer("", { from: "acc_alice_checking", to: "acc_bob_checking", amount: "1.00" });
      assert.equal(none.status, 401);
      assert.equal(none.headers.get("www-authenticate"), 'Bearer realm="fabrikam-api"');
      const forged = `${tokens.readOnly.slice(0, -4)}AAAA`;
      const answer = await call("GET", "/accounts", { token: forged });
      assertError(answer, 401, "invalid_token");
      assert.match(answer.headers.get("www-authenticate") ?? "", /^Bearer realm="fabrikam-api", error="invalid_token", error_description="[^"]+"$/);
      // A real ID token from the same IdP is not an access token (typ, aud).
      assert.ok(tokens.idToken);
      assertError(await call("GET", "/accounts", { token: tokens.idToken }), 401, "invalid_token");
      const malformed = await call("GET", "/accounts", { headers: { authorization: "Bearer a b" } });
      assertError(malformed, 400, "invalid_request");
    });

    it("answers an RFC 9470 challenge when the second factor is too old", async () => {
      // A second instance on the same database with a 1-second max age: the token is "stale".
      const strict = createServer();
      await new Promise<void>((resolve) => strict.listen(0, "localhost", resolve));
      const handler = createApiHandler({
        db: api.db,
        publicUrl: `http://localhost:${(strict.address() as AddressInfo).port}`,
        verifier: createAccessTokenVerifier({ issuer: idp.issuer, audience: DEFAULT_API_AUDIENCE }),
        transferMaxAge: 1,
        profile: PROFILES.auth0,
        log: silentLogger,
      });
      strict.on("request", (req, res) => void handler(req, res));
      try {
        // Stale for a 1-second max age once the clock is more than a second past the token's auth_time.
        await untilClockPasses(Number(decodeJwt(tokens.alice[4] ?? "").auth_time) + 2);
        const before = await balances();
        const response = await fetch(`http://localhost:${(strict.address() as AddressInfo).port}/transfers`, {
          method: "POST",
          headers: { authorization: `Bearer ${tokens.alice[4]}`, "content-type": "application/json" },
          body: JSON.stringify({ from: "acc_alice_checking", to: "acc_bob_checking", amount: "1.00" }),
        });
        assert.equal(response.status, 401);
        assert.equal(
          response.headers.get("www-authenticate")?.replace(/error_description="[^"]+"/, "error_description=…"),
          `Bearer realm="fabrikam-api", error="insufficient_user_authentication", error_description=…, acr_values="${ACR_MFA}", max_age=1`,
        );
        assert.equal(((await response.json()) as { error: string }).error, "insufficient_user_authentication");
        assert.deepEqual(await balances(), before);
      } finally {
        strict.closeAllConnections();
        await new Promise((resolve) => strict.close(resolve));
      }
    });

    it("refuses every bad transfer input with a message naming the problem, changing nothing and keeping the token", async () => {
      const token = tokens.alice[0] ?? "";
      const good = { from: "acc_alice_checking", to: "acc_bob_checking", amount: "10.00" };
      const before = await balances();
      // [what is wrong, body (a string is sent as is), status, error code, what the message must name, extra headers]
      const cases: Array<[string, unknown, number, string, RegExp?, Record<string, string>?]> = [
        ["negative amount", { ...good, amount: "-10.00" }, 400, "invalid_request", /amount/],
        ["zero amount", { ...good, amount: "0" }, 400, "invalid_request", /amount/],
        ["zero with decimals", { ...good, amount: "0.00" }, 400, "invalid_request", /amount/],
        ["exponent notation", { ...good, amount: "1e3" }, 400, "invalid_request", /amount/],
        ["three decimals", { ...good, amount: "1.005" }, 400, "invalid_request", /amount/],
        ["NaN", { ...good, amount: "NaN" }, 400, "invalid_request", /amount/],
        ["Infinity", { ...good, amount: "Infinity" }, 400, "invalid_request", /amount/],
        ["over the per-transfer limit", { ...good, amount: "1000000.01" }, 400, "invalid_request", /amount/],
        ["huge amount", { ...good, amount: "9".repeat(40) }, 400, "invalid_request", /amount/],
        ["amount with whitespace", { ...good, amount: " 10.00 " }, 400, "invalid_request", /amount/],
        ["amount as a number", { ...good, amount: 10 }, 400, "invalid_request", /amount/],
        ["amount as an object", { ...good, amount: { value: "10.00" } }, 400, "invalid_request", /amount/],
        ["missing amount", { from: good.from, to: good.to }, 400, "invalid_request", /amount is required/],
        ["missing from", { ...good, from: undefined }, 400, "invalid_request", /from/],
        ["missing to", { ...good, to: undefined }, 400, "invalid_request", /to/],
        ["from as a number", { ...good, from: 42 }, 400, "invalid_request", /from/],
        ["empty to", { ...good, to: "" }, 400, "invalid_request", /to/],
        ["over-long account id", { ...good, to: "a".repeat(65) }, 400, "invalid_request", /to/],
        ["same account both sides", { ...good, to: "acc_alice_checking" }, 400, "invalid_request", /to must be a different account/],
        ["someone else's from", { ...good, from: "acc_bob_checking", to: "acc_alice_checking" }, 400, "invalid_request", /from must be one of your accounts/],
        ["unknown to", { ...good, to: "acc_nobody" }, 400, "invalid_request", /acc_nobody/],
        ["the bank's reserve as to", { ...good, to: BANK_ACCOUNT_ID }, 400, "invalid_request", /to names no account/],
        ["the bank's reserve as from", { ...good, from: BANK_ACCOUNT_ID }, 400, "invalid_request", /from must be one of your accounts/],
        ["memo too long", { ...good, memo: "x".repeat(141) }, 400, "invalid_request", /memo must be at most 140/],
        ["memo with a line break", { ...good, memo: "line\nbreak" }, 400, "invalid_request", /memo must not contain control characters/],
        ["memo with a NUL", { ...good, memo: "a\u0000b" }, 400, "invalid_request", /memo/],
        ["memo with a bidi override", { ...good, memo: "pay \u202eevil" }, 400, "invalid_request", /memo/],
        ["memo as a number", { ...good, memo: 7 }, 400, "invalid_request", /memo must be a string/],
        ["more than the balance", { ...good, amount: "2500.01" }, 422, "insufficient_funds", /enough money/],
        ["invalid JSON", "{not json", 400, "invalid_request", /JSON/],
        ["empty body", "", 400, "invalid_request", /JSON/],
        ["array body", [1, 2], 400, "invalid_request", /JSON object/],
        ["JSON null", "null", 400, "invalid_request", /JSON object/],
        ["JSON string", JSON.stringify("10.00"), 400, "invalid_request", /JSON object/],
        ["body too large", JSON.stringify({ ...good, memo: "y".repeat(5000) }), 413, "invalid_request", /4096/],
        ["wrong content type", JSON.stringify(good), 415, "invalid_request", /application\/json/, { "content-type": "text/plain" }],
        ["form-encoded", "from=a&to=b&amount=1", 415, "invalid_request", /application\/json/, { "content-type": "application/x-www-form-urlencoded" }],
        ["empty Idempotency-Key", good, 400, "invalid_request", /Idempotency-Key/, { "idempotency-key": "" }],
      ];
      for (const [label, body, status, error, description, headers] of cases) {
        const answer = await transfer(token, body, headers);
        assert.equal(answer.status, status, `${label}: ${JSON.stringify(answer.body)}`);
        assert.equal(answer.body.error, error, label);
        assert.equal(typeof answer.body.error_description, "string", label);
        if (description) assert.match(String(answer.body.error_description), description, label);
      }
      assert.deepEqual(await balances(), before);
      // Refused attempts did not spend the token: it still pays for one transfer.
      assert.equal((await transfer(token, good)).status, 201);
    });

    it("moves money once per token: 201, then 401 for the same token", async () => {
      const before = await balances();
      const token = tokens.alice[1] ?? "";
      const answer = await transfer(token, { from: "acc_alice_checking", to: "acc_bob_savings", amount: "125.00", memo: "Concert tickets" });
      assert.equal(answer.status, 201, JSON.stringify(answer.body));
      assert.deepEqual(
        { ...answer.body, id: undefined, createdAt: undefined },
        {
          id: undefined,
          createdAt: undefined,
          from: "acc_alice_checking",
          to: "acc_bob_savings",
          amount: "125.00",
          currency: "USD",
          memo: "Concert tickets",
        },
      );
      assert.match(String(answer.body.id), /^tr_/);
      const after = await balances();
      assert.equal(after.acc_alice_checking, (before.acc_alice_checking ?? 0) - 12_500);
      assert.equal(after.acc_bob_savings, (before.acc_bob_savings ?? 0) + 12_500);

      const replay = await transfer(token, { from: "acc_alice_checking", to: "acc_bob_savings", amount: "1.00" });
      assertError(replay, 401, "invalid_token");
      assert.equal(
        replay.headers.get("www-authenticate"),
        'Bearer realm="fabrikam-api", error="invalid_token", error_description="This access token has already been used"',
      );
      // The app branches on this member, not on the English sentence (common/api-refusals.ts).
      assert.equal(replay.body.reason, REFUSAL_REASONS.tokenReplayed);
      assert.deepEqual(await balances(), after);

      // The history shows the transfer on both sides.
      const history = await call("GET", "/accounts/acc_alice_checking/transactions", { token: tokens.readOnly });
      const newest = (history.body.transactions as Array<{ amount: string; memo: string; counterparty: string }>)[0];
      assert.deepEqual({ amount: newest?.amount, memo: newest?.memo }, { amount: "-125.00", memo: "Concert tickets" });
    });

    it("replays an Idempotency-Key answer and refuses the key for another body", async () => {
      const token = tokens.alice[2] ?? "";
      const body = { from: "acc_alice_savings", to: "acc_alice_checking", amount: "50.00" };
      const key = { "idempotency-key": `key-${backend}` };
      const first = await transfer(token, body, key);
      assert.equal(first.status, 201);
      const before = await balances();
      // Same token (already spent) and key: the lost response is answered again, nothing moves.
      const retry = await transfer(token, body, key);
      assert.equal(retry.status, 200);
      assert.equal(retry.headers.get("idempotent-replayed"), "true");
      assert.deepEqual(retry.body, first.body);
      assertError(await transfer(token, { ...body, amount: "51.00" }, key), 422, "idempotency_key_reused");
      assertError(await transfer(token, body), 401, "invalid_token");
      // Another user's identical key is theirs alone.
      const bobs = await transfer(tokens.bob[0] ?? "", { from: "acc_bob_savings", to: "acc_bob_checking", amount: "5.00" }, key);
      assert.equal(bobs.status, 201);
      const after = await balances();
      assert.equal(after.acc_alice_savings, before.acc_alice_savings);
    });

    it(`accepts exactly one of 20 concurrent transfers made with one token ${interleaving}`, async () => {
      const before = await balances();
      const token = tokens.alice[3] ?? "";
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => transfer(token, { from: "acc_alice_checking", to: "acc_bob_checking", amount: "1.00" })),
      );
      const statuses = answers.map((a) => a.status).sort();
      assert.deepEqual(statuses, [201, ...Array<number>(19).fill(401)]);
      // Whether the early check or the transaction's unique jti caught it, a replay says so.
      for (const answer of answers.filter((a) => a.status === 401)) assert.equal(answer.body.reason, REFUSAL_REASONS.tokenReplayed);
      const after = await balances();
      assert.equal(after.acc_alice_checking, (before.acc_alice_checking ?? 0) - 100);
    });

    it(`answers ${IDEMPOTENCY_RACE} concurrent requests with one Idempotency-Key and different tokens with one transfer ${interleaving}`, async () => {
      const before = await balances();
      const key = { "idempotency-key": `race-${randomUUID()}` };
      const body = { from: "acc_alice_checking", to: "acc_bob_checking", amount: "2.00" };
      const answers = await Promise.all(tokens.idempotencyRace.map((token) => transfer(token, body, key)));
      const created = answers.filter((a) => a.status === 201);
      const replayed = answers.filter((a) => a.status === 200 && a.headers.get("idempotent-replayed") === "true");
      assert.equal(created.length, 1, JSON.stringify(answers.map((a) => [a.status, a.body.error])));
      assert.equal(replayed.length, IDEMPOTENCY_RACE - 1);
      for (const answer of replayed) assert.deepEqual(answer.body, created[0]?.body);
      const after = await balances();
      assert.equal(after.acc_alice_checking, (before.acc_alice_checking ?? 0) - 200);
      assert.equal(after.acc_bob_checking, (before.acc_bob_checking ?? 0) + 200);
      const rows = await api.db.query("SELECT count(*) AS n FROM transfers WHERE idempotency_key = $1", [key["idempotency-key"]]);
      assert.equal(Number(rows.rows[0]?.n), 1);
      // Only the committed request spent its token; the answers replayed spent nothing.
      const jtis = tokens.idempotencyRace.map((token) => String(decodeJwt(token).jti));
      const spent = await api.db.query("SELECT count(*) AS n FROM used_tokens WHERE jti = ANY($1)", [jtis]);
      assert.equal(Number(spent.rows[0]?.n), 1);
    });

    it(`keeps the books straight under ${CONCURRENT_TRANSFERS} concurrent transfers with distinct tokens ${interleaving}`, async () => {
      const before = await balances();
      const total = (b: Record<string, number>) => Object.values(b).reduce((sum, v) => sum + v, 0);
      // Amounts large enough that some transfers must be refused for lack of funds.
      const requests = [
        ...tokens.concurrentAlice.map((token, i) =>
          transfer(token, { from: "acc_alice_checking", to: "acc_bob_checking", amount: `${40 + (i % 7)}.${String(i % 100).padStart(2, "0")}` }),
        ),
        ...tokens.concurrentBob.map((token, i) => transfer(token, { from: "acc_bob_checking", to: "acc_alice_checking", amount: `${30 + (i % 5)}.25` })),
      ];
      const answers = await Promise.all(requests);
      const statuses = new Set(answers.map((a) => a.status));
      assert.ok(
        [...statuses].every((s) => s === 201 || s === 422),
        `unexpected statuses ${[...statuses].join(",")}`,
      );
      const after = await balances();
      assert.equal(total(after), total(before), "money is neither created nor destroyed");
      // Conservation against what the reserve issued, histories, no negative balance, two entries per transfer.
      assert.deepEqual(await ledgerProblems(api.db), []);
      const created = answers.filter((a) => a.status === 201).length;
      const { rows: used } = await api.db.query("SELECT count(*) AS n FROM used_tokens");
      console.log(`${backend}: ${created} of ${answers.length} concurrent transfers committed, the rest refused for funds`);
      assert.ok(Number(used[0]?.n) >= created);
    });
  });
}

suite("PGlite", undefined);
// The concurrency claims (one of N uses of a token, idempotency races, the books under load) need this run:
// PGlite runs transactions one at a time, PostgreSQL interleaves them. Under CI=true it cannot be skipped.
const testDatabaseUrl = postgresTestUrl("runs the same suite");
if (testDatabaseUrl) suite("PostgreSQL", testDatabaseUrl);
