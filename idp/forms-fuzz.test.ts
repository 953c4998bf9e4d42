/**
 * Property-based tests of the IdP's forms over HTTP: arbitrary field values (any unicode, lone surrogates, huge
 * strings, missing fields, repeated fields, stray fields, raw bytes) posted to the sign-in, one-time-code, account
 * sign-in, Fabrikam Verify (push answer) and passkey forms of a running IdP, each kept deep in its flow (a live
 * interaction past the password, a signed-in device page, a fresh passkey challenge, real push request ids, real
 * WebAuthn responses with one part changed).
 *
 * Invariant, for every generated request: the answer is not a 5xx, carries no stack trace, and a refusal says what
 * went wrong (problemWithAnswer). RUNS per form, so 6 × RUNS requests: I/O-bound, so fewer than the 1,000 of the
 * pure properties.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import { ACR_MFA, DEFAULT_CLIENT_ID } from "../common/step-up";
import { type FormBody, IdpBrowser, type IdpResponse } from "../testing/idp-browser";
import { problemWithAnswer } from "../testing/raw-http";
import { currentTotp } from "../testing/scripted-login";
import { optionsOnPage, SoftAuthenticator } from "../testing/soft-authenticator";
import { type RunningIdp, startIdp } from "../testing/start-idp";

const RUNS = 300;
const APP_ORIGIN = "http://localhost:3999";
const ALICE = { username: "alice", password: "fabrikam-alice", totpSecret: "JBSWY3DPEHPK3PXP" };
const SIGN_IN = { clientId: DEFAULT_CLIENT_ID, redirectUri: `${APP_ORIGIN}/auth/callback`, acrValues: ACR_MFA };

// ---- generators ----

const huge = fc
  .tuple(fc.constantFrom("a", "é", "😀", "\u0000", "%", "&", "=", "1", " "), fc.integer({ min: 1_000, max: 150_000 }))
  .map(([unit, times]) => unit.repeat(times));
const codeLike = fc
  .array(fc.oneof(fc.integer({ min: 0, max: 9 }).map(String), fc.constantFrom(" ", "-", "\u2013", "\u00a0", "\t")), { maxLength: 14 })
  .map((parts) => parts.join(""));
const text = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: "grapheme", maxLength: 300 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 300 }) },
  { weight: 2, arbitrary: codeLike },
  { weight: 1, arbitrary: huge },
  { weight: 1, arbitrary: fc.constantFrom("", " ", "alice", "bob", "fabrikam-alice", "%ZZ", "__proto__", "constructor", "\r\n", "{}", "[]", "null") },
);
/** A body with `fields` (each absent, once or repeated), maybe stray fields, or raw bytes of any kind. */
function formOf(fields: Record<string, fc.Arbitrary<string[]>>): fc.Arbitrary<FormBody> {
  const entries = fc
    .tuple(fc.record(fields), fc.array(fc.tuple(fc.string({ maxLength: 12 }), text), { maxLength: 3 }))
    .map(
      ([known, stray]) => new URLSearchParams([...Object.entries(known).flatMap(([name, values]) => values.map((v): [string, string] => [name, v])), ...stray]),
    );
  const raw = fc.oneof(
    fc.uint8Array({ maxLength: 2_000 }).map((bytes) => ({ raw: Uint8Array.from(bytes), contentType: "application/x-www-form-urlencoded" })),
    fc
      .string({ unit: fc.constantFrom(..."%=&+;ZzAaFf09\u0000"), maxLength: 200 })
      .map((body) => ({ raw: body, contentType: "application/x-www-form-urlencoded" })),
    fc.json().map((body) => ({ raw: body, contentType: "application/json" })),
  );
  return fc.oneof({ weight: 8, arbitrary: entries }, { weight: 1, arbitrary: raw });
}
const field = (values: fc.Arbitrary<string> = text) =>
  fc.oneof(
    { weight: 6, arbitrary: values.map((v) => [v]) },
    { weight: 1, arbitrary: fc.constant([] as string[]) },
    { weight: 1, arbitrary: fc.array(values, { minLength: 2, maxLength: 3 }) },
  );

/** A real WebAuthn response with one member replaced by any JSON value (or removed): deep into the verifier. */
function mutated(json: string): fc.Arbitrary<string> {
  const original = JSON.parse(json) as Record<string, unknown> & { response: Record<string, unknown> };
  const paths = [...Object.keys(original).map((k) => [k]), ...Object.keys(original.response).map((k) => ["response", k])];
  return fc.tuple(fc.constantFrom(...paths), fc.option(fc.jsonValue(), { nil: undefined })).map(([path, value]) => {
    const copy = structuredClone(original) as Record<string, unknown>;
    const parent = (path.length === 2 ? copy.response : copy) as Record<string, unknown>;
    const key = path[path.length - 1] ?? "id";
    if (value === undefined) delete parent[key];
    else parent[key] = value;
    return JSON.stringify(copy);
  });
}

// ---- the property ----

function check(label: string, response: IdpResponse): void {
  const problem = problemWithAnswer({ status: response.status, body: response.html, contentType: response.headers.get("content-type") ?? "" });
  assert.equal(problem, undefined, `${label}: ${problem}`);
}

describe("IdP forms under arbitrary input (fast-check, over HTTP)", () => {
  let idp: RunningIdp;
  let passkey: SoftAuthenticator;
  let device: IdpBrowser;

  before(async () => {
    // Locks expire after a second and the client throttle is out of reach, so the flows stay reachable run after run;
    // the code window may be reused so the account pages can be signed in to as often as the setup needs.
    idp = await startIdp({
      env: { IDP_APP_ORIGINS: APP_ORIGIN, IDP_LOCKOUT_SECONDS: "1", IDP_LOCKOUT_CLIENT_FAILURES: "1000000", IDP_TEST_ALLOW_OTP_REUSE: "1" },
    });
    device = new IdpBrowser(idp.issuer);
    assert.equal((await device.send("/account/login", { next: "/device", ...ALICE, code: currentTotp(ALICE.totpSecret) })).status, 303);
    passkey = new SoftAuthenticator(idp.issuer);
    const settings = await device.send("/settings");
    assert.equal((await device.send("/settings/passkeys", { response: passkey.register(optionsOnPage(settings.html, "registration-options")) })).status, 303);
  });
  after(() => idp?.stop());

  /** A browser on alice's second-factor page (her password accepted). */
  const pastPassword = async () => {
    const browser = new IdpBrowser(idp.issuer);
    const interaction = await browser.startSignIn(SIGN_IN);
    // Her own lock may still run from a generated guess; it lasts a second.
    for (;;) {
      const password = await browser.send(`${interaction}/login`, ALICE);
      if (password.status === 303) break;
      assert.equal(password.status, 429, password.html.slice(0, 200));
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return { browser, interaction };
  };

  it(`the sign-in form (${RUNS} runs)`, async () => {
    const browser = new IdpBrowser(idp.issuer);
    const interaction = await browser.startSignIn(SIGN_IN);
    await fc.assert(
      fc.asyncProperty(formOf({ username: field(), password: field() }), async (form) => {
        check("sign-in", await browser.send(`${interaction}/login`, form));
      }),
      { numRuns: RUNS },
    );
  });

  it(`the one-time-code form (${RUNS} runs)`, async () => {
    let page = await pastPassword();
    await fc.assert(
      fc.asyncProperty(formOf({ code: field() }), async (form) => {
        const response = await page.browser.send(`${page.interaction}/otp`, form);
        check("code", response);
        // Five wrong codes end the sign-in (a 303 away from the code page): carry on in a new one.
        if (response.status === 303) page = await pastPassword();
      }),
      { numRuns: RUNS },
    );
  });

  it(`the account pages' sign-in form (${RUNS} runs)`, async () => {
    const browser = new IdpBrowser(idp.issuer);
    await fc.assert(
      fc.asyncProperty(formOf({ username: field(), password: field(), code: field(), next: field() }), async (form) => {
        check("account sign-in", await browser.send("/account/login", form));
      }),
      { numRuns: RUNS },
    );
  });

  it(`Fabrikam Verify's answer form, with real and made-up request ids (${RUNS} runs)`, async () => {
    /** A push request waiting on alice's device: one already there, or a new sign-in past her password that chose push. */
    const waitingRequest = async (): Promise<string> => {
      const waiting = /data-request-id="([^"]+)"/.exec((await device.send("/device")).html)?.[1];
      if (waiting) return waiting;
      const { browser, interaction } = await pastPassword();
      assert.equal((await browser.send(`${interaction}/push`, {})).status, 303);
      const id = /data-request-id="([^"]+)"/.exec((await device.send("/device")).html)?.[1];
      assert.ok(id, "the request reached the device page");
      return id;
    };
    const segment = fc.oneof(fc.string({ unit: "grapheme", maxLength: 40 }).map(encodeURIComponent), fc.constantFrom("%ZZ", "%", "%C0%AF", "..", "%2F"));
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        segment,
        fc.oneof(fc.constantFrom("approve", "deny"), segment),
        formOf({ number: field() }),
        async (real, madeUpId, answer, form) => {
          const id = real ? await waitingRequest() : madeUpId || "x";
          check("push answer", await device.send(`/device/requests/${id}/${answer || "approve"}`, form));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it(`the passkey sign-in form, with real responses changed in one place (${RUNS} runs)`, async () => {
    let page = await pastPassword();
    const sample = passkey.authenticate({ challenge: "AAAA", rpId: "localhost" });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          formOf({ response: field() }),
          mutated(sample).map((response) => ({ response })),
        ),
        async (form) => {
          // A fresh challenge for every post, as the page gives one.
          const shown = await page.browser.send(`${page.interaction}/passkey`);
          check("passkey page", shown);
          const response = await page.browser.send(`${page.interaction}/passkey`, form);
          check("passkey", response);
          if (response.status === 303) page = await pastPassword();
        },
      ),
      { numRuns: RUNS },
    );
  });

  it(`the passkey enrolment form, with real responses changed in one place (${RUNS} runs)`, async () => {
    const sample = new SoftAuthenticator(idp.issuer).register({ challenge: "AAAA", rp: { id: "localhost" } });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          formOf({ response: field() }),
          mutated(sample).map((response) => ({ response })),
        ),
        async (form) => {
          check("settings page", await device.send("/settings"));
          check("passkey enrolment", await device.send("/settings/passkeys", form));
        },
      ),
      { numRuns: RUNS },
    );
  });
});
