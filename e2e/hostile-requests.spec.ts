/**
 * @auth0-only Every route of the three parties, swept with a fixed corpus of hostile requests: bad methods, bad
 * content types, bad percent-encoding, huge headers and bodies, duplicate parameters and cookies. Invariant: no
 * answer is a 5xx, and no body shows a stack trace. Raw HTTP (node:http), so malformed requests go out as written.
 */
import { readFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { expect, test, USERS } from "./fixtures";
import { STACKS } from "./stacks";

/** One server action id of the build under test (the e2e suite runs on `next build` output). */
function firstBuiltActionId(): string {
  const manifest = JSON.parse(readFileSync(".next/server/server-reference-manifest.json", "utf8")) as { node: Record<string, unknown> };
  const id = Object.keys(manifest.node)[0];
  if (!id) throw new Error("the build has no server actions");
  return id;
}

interface Hostile {
  readonly name: string;
  readonly method: string;
  /** Appended to the route's path. */
  readonly suffix?: string;
  readonly headers?: Record<string, string | string[]>;
  readonly body?: string | Buffer;
}

const MB = 1024 * 1024;
const CORPUS: readonly Hostile[] = [
  { name: "plain GET", method: "GET" },
  { name: "HEAD", method: "HEAD" },
  { name: "OPTIONS", method: "OPTIONS" },
  { name: "PUT", method: "PUT", headers: { "content-type": "application/json" }, body: "{}" },
  { name: "DELETE", method: "DELETE" },
  { name: "PATCH with junk", method: "PATCH", headers: { "content-type": "application/octet-stream" }, body: Buffer.from([0, 255, 1, 254]) },
  { name: "bad percent-encoding in the path", method: "GET", suffix: "/%ZZ%E0%A4%A" },
  { name: "bad percent-encoding in the query", method: "GET", suffix: "?%ZZ=%E0%A4%A&returnTo=%ZZ&state=%00" },
  { name: "duplicate parameters", method: "GET", suffix: "?returnTo=/a&returnTo=//evil.example&code=x&code=y&state=a&state=b" },
  { name: "over-long path", method: "GET", suffix: `/${"a".repeat(6000)}` },
  { name: "huge header", method: "GET", headers: { "x-filler": "a".repeat(20_000) } },
  {
    name: "garbage cookies, twice",
    method: "GET",
    headers: { cookie: "fabrikam_session=%ZZ; fabrikam_session=Fe26.2**x; __Host-fabrikam_session=\u00ff; fabrikam_txn_x=1" },
  },
  {
    name: "form post, bad encoding and duplicates",
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "%ZZ=1&username=a&username=b&password=%E0&code=1&code=2",
  },
  {
    name: "form post, 100,000-character fields",
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: `username=${"a".repeat(100_000)}&password=x&code=123456`,
  },
  { name: "JSON post, malformed", method: "POST", headers: { "content-type": "application/json" }, body: '{"from": "a", "amount": ' },
  { name: "JSON post, wrong shapes", method: "POST", headers: { "content-type": "application/json" }, body: '[null, {"from": {}, "to": [], "amount": 1e309}]' },
  {
    name: "multipart with a broken boundary",
    method: "POST",
    headers: { "content-type": "multipart/form-data; boundary=zz" },
    body: '--zz\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--z',
  },
  { name: "multipart without a boundary", method: "POST", headers: { "content-type": "multipart/form-data" }, body: "x" },
  { name: "2 MB body", method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: `a=${"b".repeat(2 * MB)}` },
  {
    name: "a server action from another site",
    method: "POST",
    headers: { "next-action": "40b32676da710cd85b7960cfa150a7bccb4824c15d", origin: "https://evil.example", "content-type": "text/plain" },
    body: "[]",
  },
  {
    name: "a server action that does not exist",
    method: "POST",
    headers: { "next-action": "7f0000000000000000000000000000000000000000", "content-type": "text/plain" },
    body: "[]",
  },
  {
    name: "a plain form post naming an action that does not exist",
    method: "POST",
    headers: { "content-type": "multipart/form-data; boundary=zz" },
    body: '--zz\r\nContent-Disposition: form-data; name="$ACTION_ID_7f0000000000000000000000000000000000000000"\r\n\r\n\r\n--zz--\r\n',
  },
  {
    name: "a plain form post whose bound arguments React cannot decode",
    method: "POST",
    headers: { "content-type": "multipart/form-data; boundary=zz" },
    body:
      '--zz\r\nContent-Disposition: form-data; name="$ACTION_REF_1"\r\n\r\n\r\n' +
      '--zz\r\nContent-Disposition: form-data; name="$ACTION_1:0"\r\n\r\n{"id":"7f0000000000000000000000000000000000000000","bound":"$@1"}\r\n' +
      '--zz\r\nContent-Disposition: form-data; name="$ACTION_1:1"\r\n\r\n[{"a":"$@9"}]\r\n--zz--\r\n',
  },
  {
    // A real action of this build, posted as a plain form to every page, most of which do not have it.
    name: "a plain form post naming a real action on a page without it",
    method: "POST",
    headers: { "content-type": "multipart/form-data; boundary=zz" },
    // Read when sent, not when the spec is listed (a listing needs no build).
    get body() {
      return `--zz\r\nContent-Disposition: form-data; name="$ACTION_ID_${firstBuiltActionId()}"\r\n\r\n\r\n--zz--\r\n`;
    },
  },
  { name: "a bearer token that is not one", method: "GET", headers: { authorization: "Bearer \u00ff.%ZZ.a b" } },
  { name: "two authorization headers", method: "GET", headers: { authorization: ["Bearer a.b.c", "DPoP x"] } },
  {
    name: "a DPoP proof that is garbage",
    method: "POST",
    headers: { authorization: "DPoP a.b.c", dpop: "not-a-jwt", "content-type": "application/json" },
    body: "{}",
  },
];

const app = `http://localhost:${STACKS.main.app}`;
const idp = `http://localhost:${STACKS.main.idp}`;
const api = `http://localhost:${STACKS.main.api}`;

const ROUTES = {
  app: [
    "/",
    "/directory",
    "/salary",
    "/accounts",
    "/transfer",
    "/transfer/confirm",
    "/activity",
    "/inspector",
    "/auth/login",
    "/auth/callback",
    "/auth/logout",
    "/auth/error",
    "/no-such-page",
  ],
  idp: [
    "/",
    "/.well-known/openid-configuration",
    "/jwks",
    "/auth",
    "/token",
    "/me",
    "/session/end",
    "/token/introspection",
    "/interaction/unknown",
    "/interaction/unknown/login",
    "/interaction/unknown/otp",
    "/interaction/unknown/abort",
    "/interaction/unknown/push",
    "/interaction/unknown/push/status",
    "/interaction/unknown/passkey",
    "/account/login",
    "/account/logout",
    "/device",
    "/device/requests.json",
    "/device/requests/x/approve",
    "/settings",
    "/settings/passkeys",
    "/static/passkey.js",
    "/static/simplewebauthn-browser.js",
  ],
  api: ["/health", "/accounts", "/accounts/%ZZ/transactions", "/accounts/acc_bob_checking/transactions", "/payees", "/transfers", "/no-such-route"],
} as const satisfies Record<string, readonly string[]>;

const BASES: Record<keyof typeof ROUTES, string> = { app, idp, api };

// Frames of a Node.js stack trace ("    at fn (/path/file.js:12:34)") or an error name with a trace.
const STACK_TRACE = /\n\s+at .+:\d+:\d+\)?|\bat (?:async )?[\w$.<>]+ \((?:file:\/\/|\/)/;

interface Answer {
  readonly status: number;
  readonly body: string;
}

function send(base: string, path: string, hostile: Hostile, cookie?: string): Promise<Answer> {
  const url = new URL(base);
  const headers: Record<string, string | string[]> = { ...hostile.headers };
  if (cookie && !headers.cookie) headers.cookie = cookie;
  if (hostile.body !== undefined) headers["content-length"] = String(Buffer.byteLength(hostile.body));
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, method: hostile.method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    // A server may answer (413, 431) and close before it reads a big body: that answer is what counts.
    req.on("error", (error: NodeJS.ErrnoException) => (error.code === "EPIPE" || error.code === "ECONNRESET" ? undefined : reject(error)));
    if (hostile.body !== undefined) req.write(hostile.body);
    req.end();
  });
}

async function sweep(party: keyof typeof ROUTES, cookie?: string): Promise<string[]> {
  const problems: string[] = [];
  for (const route of ROUTES[party]) {
    for (const hostile of CORPUS) {
      const path = `${route}${hostile.suffix ?? ""}`;
      const answer = await send(BASES[party], path, hostile, cookie).catch((error: Error) => ({ status: -1, body: error.message }));
      const where = `${party} ${hostile.method} ${path.slice(0, 80)} (${hostile.name})`;
      if (answer.status < 0 || answer.status >= 500) problems.push(`${where}: ${answer.status} ${answer.body.slice(0, 200)}`);
      else if (STACK_TRACE.test(answer.body)) problems.push(`${where}: a stack trace in a ${answer.status}`);
    }
  }
  return problems;
}

test.describe("hostile requests @auth0-only", () => {
  // Hundreds of requests per party; a loaded 2-core machine needs a while.
  test.describe.configure({ timeout: 180_000 });

  for (const party of ["app", "idp", "api"] as const) {
    test(`no route of the ${party} answers the corpus with a 5xx or a stack trace, signed out`, async () => {
      expect(await sweep(party)).toEqual([]);
    });
  }

  test("no route of the app answers the corpus with a 5xx or a stack trace, signed in", async ({ page, idp: provider, context }) => {
    await page.goto(`${app}/directory`);
    await provider.signIn(USERS.bob);
    await expect(page.getByRole("heading", { name: "Employee directory" })).toBeVisible();
    const cookie = (await context.cookies(app)).map((c) => `${c.name}=${c.value}`).join("; ");
    expect(await sweep("app", cookie)).toEqual([]);
  });
});
