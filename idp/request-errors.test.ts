/**
 * The IdP's answers to requests the client broke: the two found by hand (a malformed %-encoded path, a 100,000-character username), and how each kind of broken
 * request is classified. The full sweep is idp/hostile-requests.test.ts; arbitrary form input is idp/forms-fuzz.test.ts.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DEFAULT_CLIENT_ID } from "../common/step-up";
import { IdpBrowser } from "../testing/idp-browser";
import { STACK_TRACE, sendRaw } from "../testing/raw-http";
import { type RunningIdp, startIdp } from "../testing/start-idp";
import { classifyRequestError } from "./request-errors";

const APP_ORIGIN = "http://localhost:3999";

describe("requests the client broke, against the running IdP", () => {
  let idp: RunningIdp;
  before(async () => {
    idp = await startIdp({ env: { IDP_APP_ORIGINS: APP_ORIGIN } });
  });
  after(() => idp?.stop());

  it("malformed %-encoding in an interaction path is a 400 page that says so, with one line and no trace in the log", async () => {
    for (const path of ["/interaction/%ZZ", "/interaction/%ZZ/login", "/device/requests/%ZZ/approve"]) {
      const method = path.endsWith("/interaction/%ZZ") ? "GET" : "POST";
      const response = await sendRaw(idp.issuer, {
        method,
        path,
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: method === "POST" ? "a=b" : undefined,
      });
      assert.equal(response.status, 400, path);
      assert.match(response.body, /role="alert">This address is not valid: it contains a malformed %-encoded character/, path);
      assert.doesNotMatch(response.body, STACK_TRACE, path);
    }
    assert.match(idp.output(), /idp request refused: 400 malformed_url GET "\/interaction\/%ZZ"/);
    assert.doesNotMatch(idp.output(), STACK_TRACE, "the log has no trace either: it was the client's doing");
  });

  it("a 100,000-character username on the sign-in form is a 413 page that says so", async () => {
    const browser = new IdpBrowser(idp.issuer);
    const interaction = await browser.startSignIn({ clientId: DEFAULT_CLIENT_ID, redirectUri: `${APP_ORIGIN}/auth/callback` });
    const response = await browser.send(`${interaction}/login`, { username: "u".repeat(100_000), password: "x" });
    assert.equal(response.status, 413);
    assert.match(response.html, /role="alert">What was sent is larger than this page accepts/);
    // The sign-in itself goes on.
    assert.equal((await browser.send(interaction)).status, 200);
  });

  it("a script asking for JSON gets a JSON error", async () => {
    const response = await sendRaw(idp.issuer, { method: "GET", path: "/interaction/%ZZ/push/status", headers: { accept: "application/json" } });
    assert.equal(response.status, 400);
    assert.deepEqual(JSON.parse(response.body), {
      error: "malformed_url",
      error_description: "This address is not valid: it contains a malformed %-encoded character. Check the link you followed, or go back and try again.",
    });
  });
});

describe("classifyRequestError", () => {
  const httpError = (status: number, type?: string) => Object.assign(new Error("x"), { status, statusCode: status, expose: true, type });

  it("names what the client broke, with its status", () => {
    assert.deepEqual(
      [
        classifyRequestError(Object.assign(new URIError("Failed to decode param '%ZZ'"), { status: 400 })),
        classifyRequestError(httpError(413, "entity.too.large")),
        classifyRequestError(httpError(413, "parameters.too.many")),
        classifyRequestError(httpError(415, "encoding.unsupported")),
        classifyRequestError(httpError(415, "charset.unsupported")),
        classifyRequestError(httpError(400, "entity.parse.failed")),
        classifyRequestError(httpError(404)),
      ].map((answer) => answer && `${answer.status} ${answer.code}`),
      [
        "400 malformed_url",
        "413 payload_too_large",
        "413 payload_too_large",
        "415 unsupported_encoding",
        "415 unsupported_charset",
        "400 bad_request",
        "404 not_found",
      ],
    );
  });

  it("leaves everything else to be a 500: our own failures, and errors that claim a 5xx", () => {
    assert.equal(classifyRequestError(new Error("database down")), undefined);
    assert.equal(classifyRequestError(new URIError("from our own code")), undefined, "a URIError the router did not mark");
    assert.equal(classifyRequestError(httpError(500, "stream.encoding.set")), undefined);
    assert.equal(classifyRequestError("a string"), undefined);
    assert.equal(classifyRequestError(null), undefined);
  });
});
