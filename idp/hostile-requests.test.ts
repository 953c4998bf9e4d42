/**
 * A fixed corpus of hostile requests against every route of the running IdP — its own pages, /static, the push and
 * passkey endpoints and what oidc-provider serves — anonymous and from deep inside a sign-in (past the password,
 * signed in to the account pages, with an IdP session). Invariant: no answer is a 5xx, none carries a stack trace, and
 * every refusal with a body says what went wrong (an HTML alert or a JSON error).
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { gzipSync } from "node:zlib";
import { DEV_DEFAULTS } from "../common/dev-defaults";
import { ACR_MFA, DEFAULT_CLIENT_ID } from "../common/step-up";
import { IdpBrowser } from "../testing/idp-browser";
import { closedWithoutAnswer, problemWithAnswer, type RawRequest, type RawResponse, sendRaw } from "../testing/raw-http";
import { currentTotp, scriptedLogin } from "../testing/scripted-login";
import { type RunningIdp, startIdp } from "../testing/start-idp";

const APP_ORIGIN = "http://localhost:3999";
const ALICE = { username: "alice", password: "fabrikam-alice", totpSecret: "JBSWY3DPEHPK3PXP" };
const FORM = "application/x-www-form-urlencoded";

/** Every route the IdP serves; `:uid` is replaced by a real interaction's id in the signed-in runs. */
const ROUTES = [
  "/",
  "/favicon.ico",
  "/interaction/:uid",
  "/interaction/:uid/login",
  "/interaction/:uid/otp",
  "/interaction/:uid/push",
  "/interaction/:uid/push/status",
  "/interaction/:uid/push/complete",
  "/interaction/:uid/passkey",
  "/interaction/:uid/abort",
  "/account/login",
  "/account/logout",
  "/device",
  "/device/requests.json",
  "/device/requests/no-such-id/approve",
  "/device/requests/no-such-id/deny",
  "/device/requests/no-such-id/shrug",
  "/settings",
  "/settings/passkeys",
  "/settings/passkeys/no-such-id/remove",
  "/settings/sign-out-everywhere",
  "/static/logout.js",
  "/static/simplewebauthn-browser.js",
  "/static/no-such-file.js",
  "/.well-known/openid-configuration",
  "/.well-known/ssf-configuration",
  "/ssf/streams",
  "/jwks",
  "/auth",
  "/auth/:uid",
  "/request",
  "/token",
  "/token/introspection",
  "/token/revocation",
  "/me",
  "/session/end",
  "/session/end/confirm",
  "/session/end/success",
];

const gzipGarbage = Buffer.from("this is not gzip");
const invalidUtf8 = Buffer.from([0x75, 0x73, 0x65, 0x72, 0x6e, 0x61, 0x6d, 0x65, 0x3d, 0xff, 0xfe, 0xc0, 0xaf, 0x00]);

/** One hostile variation of a request to `path`; named for the failure message. */
type Variant = [name: string, build: (path: string) => RawRequest];

const post = (path: string, body: string | Buffer, headers: Record<string, string> = { "content-type": FORM }): RawRequest => ({
  method: "POST",
  path,
  headers,
  body,
});

const VARIANTS: Variant[] = [
  ["GET", (p) => ({ method: "GET", path: p })],
  ["HEAD", (p) => ({ method: "HEAD", path: p })],
  ["OPTIONS", (p) => ({ method: "OPTIONS", path: p })],
  ["PUT form", (p) => ({ method: "PUT", path: p, headers: { "content-type": FORM }, body: "a=b" })],
  ["DELETE", (p) => ({ method: "DELETE", path: p })],
  ["PATCH", (p) => ({ method: "PATCH", path: p })],
  ["PROPFIND", (p) => ({ method: "PROPFIND", path: p })],
  ["TRACE", (p) => ({ method: "TRACE", path: p })],
  ["POST plausible form", (p) => post(p, "username=alice&password=nope&code=123456&number=42&response=%7B%7D&xsrf=x&logout=yes&next=%2Fdevice")],
  ["POST empty body", (p) => post(p, "")],
  ["POST bad %-encoding in the body", (p) => post(p, "username=%ZZ&password=%&code=%E0%A4%A&response=%")],
  [
    "POST every field twice",
    (p) =>
      post(p, "username=a&username=b&password=a&password=b&code=1&code=2&number=1&number=2&response=1&response=2&xsrf=a&xsrf=b&next=/device&next=/settings"),
  ],
  ["POST bracketed fields", (p) => post(p, "username[]=a&password[x]=b&code[]=1&response[0]=x&__proto__[a]=1&constructor=x")],
  ["POST 100,000-character username", (p) => post(p, `username=${"u".repeat(100_000)}&password=x`)],
  ["POST 2 MB body", (p) => post(p, `response=${"a".repeat(2_000_000)}`)],
  ["POST 5,000 fields", (p) => post(p, Array.from({ length: 5_000 }, (_, i) => `f${i}=1`).join("&"))],
  [
    "POST control and bidi characters",
    (p) =>
      post(
        p,
        `username=${encodeURIComponent("a\u0000\u202e\u0007\r\n")}&password=${encodeURIComponent("\u{1f600}".repeat(300))}&code=${encodeURIComponent("１２３４５６")}`,
      ),
  ],
  ["POST invalid UTF-8", (p) => post(p, invalidUtf8)],
  ["POST malformed JSON", (p) => post(p, "{bad", { "content-type": "application/json" })],
  ["POST JSON of the wrong shape", (p) => post(p, '{"username":["a"],"response":{"id":1},"code":123456}', { "content-type": "application/json" })],
  [
    "POST multipart",
    (p) => post(p, '--x\r\nContent-Disposition: form-data; name="username"\r\n\r\nalice\r\n--x--\r\n', { "content-type": "multipart/form-data; boundary=x" }),
  ],
  ["POST text/plain", (p) => post(p, "username=alice", { "content-type": "text/plain" })],
  ["POST no content type", (p) => post(p, "username=alice", {})],
  ["POST unknown charset", (p) => post(p, "a=b", { "content-type": `${FORM}; charset=klingon` })],
  ["POST UTF-16 charset", (p) => post(p, "a=b", { "content-type": `${FORM}; charset=utf-16` })],
  ["POST gzip that is not gzip", (p) => post(p, gzipGarbage, { "content-type": FORM, "content-encoding": "gzip" })],
  ["POST real gzip", (p) => post(p, gzipSync("username=alice&password=x"), { "content-type": FORM, "content-encoding": "gzip" })],
  ["POST unknown content encoding", (p) => post(p, "a=b", { "content-type": FORM, "content-encoding": "klingon" })],
  ["POST chunked 1 MB", (p) => post(p, "a".repeat(1_000_000), { "content-type": FORM, "transfer-encoding": "chunked" })],
  ["GET malformed %-encoding in the path", (p) => ({ method: "GET", path: `${p}/%ZZ` })],
  ["GET malformed %-encoding appended", (p) => ({ method: "GET", path: `${p}%ZZ` })],
  ["GET lone % in the path", (p) => ({ method: "GET", path: `${p}/%` })],
  ["POST malformed %-encoding in the path", (p) => post(`${p}%ZZ`, "a=b")],
  ["GET overlong UTF-8 in the path", (p) => ({ method: "GET", path: `${p}/%C0%AF` })],
  ["GET NUL and bidi in the path", (p) => ({ method: "GET", path: `${p}/%00%E2%80%AE` })],
  ["GET encoded dot segments", (p) => ({ method: "GET", path: `${p}/..%2F..%2F..%2Fetc%2Fpasswd` })],
  ["GET double slashes", (p) => ({ method: "GET", path: `/${p}//x` })],
  ["GET 8,000-character path", (p) => ({ method: "GET", path: `${p}/${"x".repeat(8_000)}` })],
  ["GET bad %-encoding and duplicates in the query", (p) => ({ method: "GET", path: `${p}?client_id=%ZZ&client_id=b&x=%00&done=a&done=b&id_token_hint=%` })],
  ["GET 3,000 query parameters", (p) => ({ method: "GET", path: `${p}?${"q=1&".repeat(3_000)}` })],
  [
    "GET malformed cookies",
    (p) => ({ method: "GET", path: p, headers: { cookie: "idp_interaction=%ZZ; idp_session=%E0%A4%A; idp_account=; idp_account=%ZZ; =x; ;;" } }),
  ],
  ["GET 10 kB cookie", (p) => ({ method: "GET", path: p, headers: { cookie: `idp_account=${"a".repeat(10_000)}` } })],
  ["GET asking for JSON", (p) => ({ method: "GET", path: p, headers: { accept: "application/json" } })],
  ["GET asking for nothing we serve", (p) => ({ method: "GET", path: p, headers: { accept: "image/avif" } })],
];

describe("hostile requests against every IdP route", () => {
  let idp: RunningIdp;
  before(async () => {
    // Hundreds of wrong passwords come from this one client: the throttle is raised so they all reach the forms.
    idp = await startIdp({ env: { IDP_APP_ORIGINS: APP_ORIGIN, IDP_LOCKOUT_CLIENT_FAILURES: "100000", IDP_TEST_ALLOW_OTP_REUSE: "1" } });
  });
  after(() => idp?.stop());

  /** Runs every variant against every route with `cookie`, each route in its own sign-in from `context()`. */
  const sweep = async (context: () => Promise<{ uid: string; cookie: string }>) => {
    let requests = 0;
    const problems: string[] = [];
    for (const route of ROUTES) {
      const { uid, cookie } = await context();
      const path = route.replace(":uid", uid);
      for (const [name, build] of VARIANTS) {
        const request = build(path);
        const headers = { ...request.headers, ...(cookie && !request.headers?.cookie ? { cookie } : {}) };
        let response: RawResponse;
        try {
          response = await sendRaw(idp.issuer, { ...request, headers });
        } catch (error) {
          // Node's own HTTP client refuses to send a few of these (e.g. a path it cannot write); that is not the IdP.
          if (error instanceof TypeError) continue;
          // Closing the connection on a megabyte it will not read is a refusal too; the next request shows the IdP is up.
          if (closedWithoutAnswer(error) && Buffer.byteLength(request.body ?? "") >= 1_000_000) continue;
          throw error;
        }
        requests += 1;
        const problem = problemWithAnswer({ ...response, contentType: String(response.headers["content-type"] ?? "") });
        if (problem) problems.push(`${request.method} ${route} (${name}): ${problem}`);
      }
    }
    assert.deepEqual(problems, [], `${problems.length} of ${requests} answers were wrong`);
    return requests;
  };

  it("anonymous: no 5xx, no stack trace, every refusal explained", async () => {
    const sent = await sweep(async () => ({ uid: "no-such-interaction", cookie: "" }));
    assert.ok(sent >= ROUTES.length * (VARIANTS.length - 2), `${sent} requests sent`);
  });

  it("deep inside a sign-in (past the password, on the account pages, with an IdP session): the same", async () => {
    // An IdP session from a finished sign-in, and a session on the account pages.
    const finished = await scriptedLogin({
      issuer: idp.issuer,
      clientId: DEFAULT_CLIENT_ID,
      clientSecret: DEV_DEFAULTS.clientSecret,
      redirectUri: `${APP_ORIGIN}/auth/callback`,
      scope: "openid",
      ...ALICE,
    });
    const idpSession = finished.cookies.map((c) => `${c.name}=${c.value}`).join("; ");
    const account = new IdpBrowser(idp.issuer);
    const signedIn = await account.send("/account/login", { next: "/device", ...ALICE, code: currentTotp(ALICE.totpSecret) });
    assert.equal(signedIn.status, 303);
    const accountCookie = /idp_account=[^;]+/.exec(signedIn.headers.get("set-cookie") ?? "")?.[0] ?? "";
    assert.ok(accountCookie);

    const sent = await sweep(async () => {
      const browser = new IdpBrowser(idp.issuer);
      const interaction = await browser.startSignIn({ clientId: DEFAULT_CLIENT_ID, redirectUri: `${APP_ORIGIN}/auth/callback`, acrValues: ACR_MFA });
      const password = await browser.send(`${interaction}/login`, { username: ALICE.username, password: ALICE.password });
      assert.equal(password.status, 303);
      const start = await browser.send(interaction);
      assert.equal(start.status, 200);
      const uid = interaction.split("/").pop() ?? "";
      // The interaction cookie (path /interaction/<uid>) and the resume cookie (path /auth/<uid>) in one header.
      const cookies = [browser.cookiesFor(interaction), browser.cookiesFor(`/auth/${uid}`), idpSession, accountCookie];
      return { uid, cookie: [...new Set(cookies.filter(Boolean))].join("; ") };
    });
    assert.ok(sent >= ROUTES.length * (VARIANTS.length - 2), `${sent} requests sent`);
  });
});
