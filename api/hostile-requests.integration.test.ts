/**
 * No 5xx from client input: every route of the Accounts API gets a fixed corpus of hostile requests, sent as raw
 * bytes (bad methods, content types, JSON, encodings, targets, huge and duplicate headers, huge bodies, arrays and
 * objects where strings belong, bodies that are a number or null, malformed tokens and proofs, the directory's ids),
 * with a real signed token where a route needs one (the transfer token approves, RFC 9396, a transfer no hostile
 * body asks for). Every answer must be a 4xx (or a 2xx for a request that is in fact fine) with no stack trace, the
 * API must log no server error, and the ledger must not change. Once per token format.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { transferDetails } from "../common/authorization-details";
import { PROFILES, type ProviderProfile } from "../common/profiles";
import { DEFAULT_DIRECTORY_CLIENT_ID, DIRECTORY_READ_SCOPE } from "../common/step-up";
import type { LogEvent } from "./http/logger";
import { ledgerProblems } from "./ledger/ledger-invariants";
import { type RunningApi, startApi } from "./server";
import { type FakeIssuer, startFakeIssuer } from "./test-support/fake-issuer";
import { type RawAnswer, rawRequest } from "./test-support/raw-http";
import { testApiConfig } from "./test-support/test-config";

const ROUTES = ["/health", "/accounts", "/accounts/acc_alice_checking/transactions", "/payees", "/transfers", "/directory/accounts/acc_bob_checking"] as const;
const GOOD_BODY = JSON.stringify({ from: "acc_alice_checking", to: "acc_bob_checking", amount: "1.00" });
// What a stack trace or an internal error looks like in a body.
const LEAK = /\n\s+at |node:internal|\/work\/|\.ts:\d+|TypeError|ReferenceError|SyntaxError|ECONN|server_error/;

function isErrorBody(body: string): boolean {
  try {
    const parsed = JSON.parse(body) as { error?: unknown; error_description?: unknown };
    return typeof parsed.error === "string" && typeof parsed.error_description === "string";
  } catch {
    return false;
  }
}

// Cases whose status is known exactly (the rest must merely stay below 500).
const EXACT: Array<[string, number]> = [
  ["GET /accounts/%ZZ/transactions", 400],
  ["GET /accounts/%00/transactions", 404],
  ["GET /directory/accounts/%ZZ", 400],
  ["GET /directory/accounts/%00", 404],
  ["GET /directory/accounts/acc_fabrikam_bank_reserve", 404],
  ["GET /directory/accounts/acc_bob_checking as the intranet", 401],
  ["GET http://evil.example/accounts", 400],
  ["CONNECT /accounts", 405],
  ["/accounts with a 20 KB header", 431],
  ["/accounts with two Authorization headers", 400],
  ["/accounts without Host", 400],
  ["/accounts with two Content-Length headers", 400],
  ["GET /accounts with the directory token", 401],
  ["GET /payees with the directory token", 401],
  ["POST /transfers with the directory token", 401],
  ['POST /transfers as "application/json; charset=utf-16"', 415],
  ['POST /transfers as "multipart/form-data; boundary=x"', 415],
  ["POST /transfers with a 5 KB body", 413],
  ["POST /transfers with a 200 KB chunked body", 413],
  ['POST /transfers with body "null"', 400],
  ['POST /transfers with body "12.5"', 400],
  ["POST /transfers with two Idempotency-Keys", 400],
];

const b64 = (value: unknown) => Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");

/** A request in raw HTTP/1.1: request line, headers as given (duplicates allowed), body. */
function http(method: string, target: string, headers: Array<[string, string]>, body = ""): string {
  const lines = [`${method} ${target} HTTP/1.1`, "Host: localhost", "Connection: close", ...headers.map(([name, value]) => `${name}: ${value}`)];
  if (body && !headers.some(([name]) => /^(content-length|transfer-encoding)$/i.test(name))) lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  return `${lines.join("\r\n")}\r\n\r\n${body}`;
}

function sweep(label: string, profile: ProviderProfile) {
  describe(`hostile requests against every route (${label})`, { timeout: 180_000 }, () => {
    let issuer: FakeIssuer;
    let api: RunningApi;
    const serverErrors: LogEvent[] = [];
    let reader = "";
    let payer = "";
    let directory = "";

    before(async () => {
      issuer = await startFakeIssuer();
      // The profile's own choice: RFC 9068 tokens must approve the transfer (RFC 9396), plain JWTs need not.
      api = await startApi(testApiConfig(issuer.issuer, { profile, provisionDemoAccounts: true, requireAuthorizationDetails: profile.rar }), {
        log: (event) => void (event.level === "error" && serverErrors.push(event)),
      });
      reader = await issuer.mint({ scope: "openid read:accounts", acr: profile.mfaAcr });
      // A valid transfer token: the corpus must not make it pay (every body below is wrong in some way).
      payer = await issuer.mint({
        scope: "openid read:accounts transfer:funds",
        acr: profile.mfaAcr,
        authorization_details: [transferDetails(JSON.parse(GOOD_BODY) as { from: string; to: string; amount: string })],
      });
      // The IdP's directory token: the directory's targets are swept with it, so they reach the lookup itself.
      directory = await issuer.mint({ sub: DEFAULT_DIRECTORY_CLIENT_ID, client_id: DEFAULT_DIRECTORY_CLIENT_ID, scope: DIRECTORY_READ_SCOPE });
    });
    after(async () => {
      await api?.stop();
      await issuer?.stop();
    });

    /** The corpus: [what it is, raw request]. */
    function corpus(): Array<[string, string | Buffer, { halfClose?: boolean }?]> {
      const cases: Array<[string, string | Buffer, { halfClose?: boolean }?]> = [];
      const auth: [string, string] = ["Authorization", `Bearer ${payer}`];
      const json: [string, string] = ["Content-Type", "application/json"];
      for (const route of ROUTES) {
        for (const method of ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE", "PROPFIND", "FOO", "get"]) {
          cases.push([`${method} ${route}`, http(method, route, [auth, json], method === "GET" || method === "HEAD" ? "" : GOOD_BODY.replace("1.00", "0"))]);
        }
        cases.push([`CONNECT ${route}`, http("CONNECT", "localhost:80", [auth])]);
        // Headers: huge, many, duplicated, malformed.
        cases.push([`${route} with a 20 KB header`, http("GET", route, [auth, ["X-Filler", "x".repeat(20_000)]])]);
        cases.push([`${route} with 1,500 headers`, http("GET", route, [auth, ...Array.from({ length: 1_500 }, (_, i): [string, string] => [`X-H${i}`, "v"])])]);
        cases.push([
          `${route} with two Authorization headers`,
          http("GET", route, [
            ["Authorization", `Bearer ${reader}`],
            ["Authorization", "Bearer forged"],
          ]),
        ]);
        cases.push([`${route} with two Content-Length headers`, http("POST", route, [auth, json, ["Content-Length", "2"], ["Content-Length", "3"]], "{}")]);
        cases.push([
          `${route} with Content-Length and chunked`,
          http("POST", route, [auth, json, ["Content-Length", "2"], ["Transfer-Encoding", "chunked"]], "2\r\n{}\r\n0\r\n\r\n"),
        ]);
        cases.push([`${route} with a bad chunk`, http("POST", route, [auth, json, ["Transfer-Encoding", "chunked"]], "zz\r\n{}\r\n0\r\n\r\n")]);
        cases.push([`${route} with a non-numeric Content-Length`, http("POST", route, [auth, json, ["Content-Length", "abc"]], "{}")]);
        cases.push([`${route} with a header that is not a header`, `GET ${route} HTTP/1.1\r\nHost: localhost\r\nno colon here\r\n\r\n`]);
        cases.push([`${route} without Host`, `GET ${route} HTTP/1.1\r\nConnection: close\r\n\r\n`]);
        cases.push([`${route} over HTTP/1.0`, `GET ${route} HTTP/1.0\r\nAuthorization: Bearer ${reader}\r\n\r\n`]);
        cases.push([
          `${route} with non-ASCII bytes in a header`,
          Buffer.concat([
            Buffer.from(`GET ${route} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nX-Name: `),
            Buffer.from([0xff, 0xfe, 0x00, 0x80]),
            Buffer.from("\r\n\r\n"),
          ]),
        ]);
        // Credentials that are not credentials.
        for (const authorization of [
          "Bearer",
          "Bearer ",
          "Bearer  x y",
          "Basic YTpi",
          "DPoP",
          "bearer\tx",
          `Bearer ${"x".repeat(12_000)}`,
          "Bearer a.b.c",
          "Bearer ....",
          `Bearer ${b64({ alg: "ES256", kid: { x: 1 } })}.${b64({ sub: "alice" })}.AAAA`,
          `Bearer ${b64({ alg: "none", typ: "at+jwt" })}.${b64({ sub: "alice" })}.`,
          `Bearer ${b64({ alg: ["ES256"], typ: 7, crit: ["x"] })}.${b64([1, 2])}.AAAA`,
          `Bearer ${b64("not json")}.${b64("not json")}.AAAA`,
          `Bearer ${payer.split(".").slice(0, 2).join(".")}.${"A".repeat(86)}`,
          "Bearer a.b.c.d.e",
          `DPoP ${payer}`,
        ]) {
          cases.push([
            `${route} with Authorization ${JSON.stringify(authorization.slice(0, 40))}`,
            http("POST", route, [["Authorization", authorization], json], GOOD_BODY),
          ]);
        }
        cases.push([
          `${route} with two DPoP proofs`,
          http("POST", route, [["Authorization", `DPoP ${payer}`], ["DPoP", "a.b.c"], ["DPoP", "d.e.f"], json], GOOD_BODY),
        ]);
        cases.push([
          `${route} with a DPoP proof that is not a JWT`,
          http(
            "POST",
            route,
            [["Authorization", `DPoP ${payer}`], ["DPoP", `${b64({ alg: "ES256", typ: "dpop+jwt", jwk: "x" })}.${b64({})}.AA`], json],
            GOOD_BODY,
          ),
        ]);
      }
      // Targets: bad percent-encoding, traversal, absolute-form, asterisk, overlong, odd query strings.
      for (const target of [
        "/accounts/%ZZ/transactions",
        "/accounts/%/transactions",
        "/accounts/%E0%A4%A/transactions",
        "/accounts/%00/transactions",
        "/accounts/%C0%AF/transactions",
        "/accounts/..%2F..%2Fpayees/transactions",
        "/accounts//transactions",
        "/%ZZ",
        "//accounts",
        "/accounts/",
        "/accounts?%ZZ=1&a[]=1&a=2",
        "/accounts/acc_alice_checking/transactions?limit=-1&limit=99999",
        `/accounts/${"a".repeat(8_000)}/transactions`,
        "http://evil.example/accounts",
        "*",
        "accounts",
        "/transfers?from=acc_bob_checking",
        "/accounts/acc_alice_checking%2Ftransactions",
      ]) {
        cases.push([`GET ${target.slice(0, 60)}`, http("GET", target, [["Authorization", `Bearer ${reader}`]])]);
      }
      for (const id of [
        "%ZZ",
        "%00",
        "%C0%AF",
        "..%2F..%2Faccounts",
        "acc_fabrikam_bank_reserve",
        "acc_bob_checking%2Ftransactions",
        "acc_bob_checking?id=acc_alice_checking&id[]=x",
        "%20acc_bob_checking",
        "ACC_BOB_CHECKING",
        "x".repeat(8_000),
        "%F0%9F%98%80",
        "%27%20OR%20%271%27%3D%271",
      ]) {
        cases.push([`GET /directory/accounts/${id.slice(0, 40)}`, http("GET", `/directory/accounts/${id}`, [["Authorization", `Bearer ${directory}`]])]);
      }
      cases.push(["GET /directory/accounts/", http("GET", "/directory/accounts/", [["Authorization", `Bearer ${directory}`]])]);
      cases.push([
        "GET /directory/accounts/acc_bob_checking as the intranet",
        http("GET", "/directory/accounts/acc_bob_checking", [["Authorization", `Bearer ${reader}`]]),
      ]);
      // The directory token against the customer routes: refused, never served.
      for (const route of ["/accounts", "/payees"])
        cases.push([`GET ${route} with the directory token`, http("GET", route, [["Authorization", `Bearer ${directory}`]])]);
      cases.push(["POST /transfers with the directory token", http("POST", "/transfers", [["Authorization", `Bearer ${directory}`], json], GOOD_BODY)]);
      cases.push(["OPTIONS *", http("OPTIONS", "*", [])]);
      // Bodies for POST /transfers: media types, JSON that is not JSON, JSON that is not a transfer.
      const post = (body: string | Buffer, headers: Array<[string, string]> = [json]) => http("POST", "/transfers", [auth, ...headers], body.toString());
      for (const contentType of [
        "text/plain",
        "multipart/form-data; boundary=x",
        "application/x-www-form-urlencoded",
        "application/json; charset=utf-16",
        "application/json, text/plain",
        'APPLICATION/JSON; x="',
        "*/*",
        "",
      ]) {
        // A zero amount: should a media type get through, the transfer is still refused rather than paid.
        cases.push([
          `POST /transfers as ${JSON.stringify(contentType)}`,
          post(
            contentType.startsWith("multipart") ? '--x\r\nContent-Disposition: form-data; name="amount"\r\n\r\n1.00\r\n--x--' : GOOD_BODY.replace("1.00", "0"),
            contentType ? [["Content-Type", contentType]] : [],
          ),
        ]);
      }
      for (const body of [
        "",
        "{",
        "[",
        "nul",
        '{"from":',
        "\ufeff{}",
        "1e999",
        '"\\ud800"',
        "[".repeat(1_500) + "]".repeat(1_500),
        `${'{"a":'.repeat(500)}1${"}".repeat(500)}`,
        "0",
        "-1",
        "12.5",
        "null",
        "true",
        '"10.00"',
        "[]",
        "{}",
        '[{"from":"acc_alice_checking"}]',
        JSON.stringify({ from: [], to: {}, amount: [] }),
        JSON.stringify({ from: { $ne: "" }, to: ["acc_bob_checking"], amount: { value: "1.00" } }),
        JSON.stringify({ from: "acc_alice_checking", to: "acc_bob_checking", amount: "1.00", memo: { text: "x" } }),
        JSON.stringify({ from: "acc_alice_checking", to: "acc_bob_checking", amount: "1.00", memo: ["x"] }),
        JSON.stringify({ from: "acc_alice_checking", to: "acc_bob_checking", amount: 1 }),
        JSON.stringify({ from: "acc_alice_checking", to: "acc_bob_checking", amount: null }),
        '{"__proto__":{"from":"acc_alice_checking"},"to":"acc_bob_checking","amount":"1.00"}',
        JSON.stringify({ constructor: { prototype: { amount: "1.00" } }, from: "acc_alice_checking", to: "acc_bob_checking" }),
        JSON.stringify({ from: "acc_alice_checking", to: "acc_bob_checking", amount: "1.00", memo: "\u202e\u0000" }),
        JSON.stringify({ from: "acc_alice_checking", to: "acc_alice_checking", amount: "1.00" }),
        JSON.stringify({ from: "acc_bob_checking", to: "acc_alice_checking", amount: "1.00" }),
        JSON.stringify({ from: "acc_fabrikam_bank_reserve", to: "acc_alice_checking", amount: "1.00" }),
        JSON.stringify({ from: "acc_alice_checking", to: "acc_bob_checking", amount: "2500.01" }),
      ]) {
        cases.push([`POST /transfers with body ${JSON.stringify(body.slice(0, 50))}`, post(body)]);
      }
      cases.push([
        "POST /transfers with invalid UTF-8",
        Buffer.concat([Buffer.from(post("").replace(/Content-Length: \d+/, "Content-Length: 4")), Buffer.from([0x7b, 0xff, 0xfe, 0x7d])]),
      ]);
      cases.push(["POST /transfers with a 5 KB body", post(JSON.stringify({ ...JSON.parse(GOOD_BODY), memo: "y".repeat(5_000) }))]);
      cases.push([
        "POST /transfers with a 200 KB chunked body",
        http("POST", "/transfers", [auth, json, ["Transfer-Encoding", "chunked"]], `${(200_000).toString(16)}\r\n${"[".repeat(200_000)}\r\n0\r\n\r\n`),
      ]);
      // The client stops sending (half-closes) before the declared length: the body ends early.
      cases.push([
        "POST /transfers with a lying Content-Length",
        http("POST", "/transfers", [auth, json, ["Content-Length", "100"]], '{"from":'),
        { halfClose: true },
      ]);
      for (const key of ["", " ", "a b", "x".repeat(256), "\u00e9"]) {
        cases.push([
          `POST /transfers with Idempotency-Key ${JSON.stringify(key.slice(0, 20))}`,
          post(GOOD_BODY.replace("1.00", "0"), [json, ["Idempotency-Key", key]]),
        ]);
      }
      cases.push([
        "POST /transfers with two Idempotency-Keys",
        post(GOOD_BODY.replace("1.00", "0"), [json, ["Idempotency-Key", "a"], ["Idempotency-Key", "b"]]),
      ]);
      return cases;
    }

    it("answers every hostile request with a 4xx (or a harmless 2xx), never a 5xx or a stack trace, and changes nothing", async () => {
      const balancesBefore = (await api.db.query("SELECT id, balance FROM accounts ORDER BY id")).rows;
      const cases = corpus();
      const answers: Array<[string, RawAnswer]> = [];
      // A few at a time: enough to be quick, few enough not to look like a flood on a shared machine.
      for (let i = 0; i < cases.length; i += 8) {
        const batch = cases.slice(i, i + 8);
        answers.push(
          ...(await Promise.all(
            batch.map(async ([name, request, options]): Promise<[string, RawAnswer]> => [name, await rawRequest(api.port, request, options)]),
          )),
        );
      }
      // Every problem at once, so one run shows the whole picture.
      const problems: string[] = [];
      for (const [name, answer] of answers) {
        if (answer.status === null) problems.push(`${name}: the connection closed without an answer`);
        else if (answer.status >= 500) problems.push(`${name}: ${answer.status} ${answer.body}`);
        if (LEAK.test(`${answer.head}\n${answer.body}`)) problems.push(`${name}: leaks ${answer.body.slice(0, 200)}`);
        // The API's refusals, and its answers to malformed HTTP, are JSON naming the error for people and programs.
        if (answer.status !== null && answer.status >= 400 && answer.body && !isErrorBody(answer.body))
          problems.push(`${name}: body ${answer.body.slice(0, 100)}`);
      }
      assert.deepEqual(problems, []);
      // Where the right answer is known exactly.
      const statusOf = (name: string) => answers.find(([n]) => n === name)?.[1].status;
      for (const [name, status] of EXACT) assert.equal(statusOf(name), status, name);
      assert.deepEqual(serverErrors, [], "the API logged no server error");
      assert.deepEqual((await api.db.query("SELECT id, balance FROM accounts ORDER BY id")).rows, balancesBefore, "nothing moved");
      assert.deepEqual(await ledgerProblems(api.db), []);
      // The valid token was never spent: a good transfer still goes through with it.
      const good = await fetch(`${api.url}/transfers`, {
        method: "POST",
        headers: { authorization: `Bearer ${payer}`, "content-type": "application/json" },
        body: GOOD_BODY,
      });
      assert.equal(good.status, 201);
      console.log(`${label}: ${answers.length} hostile requests, statuses ${[...new Set(answers.map(([, a]) => a.status))].sort().join(", ")}`);
    });
  });
}

sweep("RFC 9068 access tokens", PROFILES.auth0);
sweep("plain JWT access tokens", PROFILES.keycloak);
