/**
 * One-time codes and the lockout over HTTP against the real IdP, run as shipped (no test switches): codes accepted
 * once, wrong codes that are well-formed (so they reach the TOTP comparison), codes as people paste them, the lock
 * under a parallel burst, and the throttle per client address.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DEV_DEFAULTS } from "../common/dev-defaults";
import { ACR_MFA, DEFAULT_CLIENT_ID } from "../common/step-up";
import { IdpBrowser } from "../testing/idp-browser";
import { currentTotp, ScriptedLoginError, type ScriptedLoginOptions, scriptedLogin } from "../testing/scripted-login";
import { type RunningIdp, startIdp } from "../testing/start-idp";
import { codeAtStep, wrongCodes } from "../testing/totp-codes";
import { loadConfig } from "./config";

const APP_ORIGIN = "http://localhost:3999";
const USERS = {
  alice: { username: "alice", password: "fabrikam-alice", totpSecret: "JBSWY3DPEHPK3PXP" },
  bob: { username: "bob", password: "fabrikam-bob", totpSecret: "GEZDGNBVGY3TQOJQ" },
};
type User = (typeof USERS)[keyof typeof USERS];
const AS_SHIPPED = { IDP_APP_ORIGINS: APP_ORIGIN, IDP_LOCKOUT_SECONDS: "120" };
const SIGN_IN = { clientId: DEFAULT_CLIENT_ID, redirectUri: `${APP_ORIGIN}/auth/callback`, acrValues: ACR_MFA };

/** A new browser past the password, on the code page. */
async function atCodePage(idp: RunningIdp, user: User) {
  const browser = new IdpBrowser(idp.issuer);
  const interaction = await browser.startSignIn(SIGN_IN);
  const password = await browser.send(`${interaction}/login`, { username: user.username, password: user.password });
  assert.equal(password.status, 303, "the password is accepted");
  const page = await browser.send(interaction);
  assert.match(page.html, /action="\/interaction\/[^"]+\/otp"/, "the code page is shown");
  return { browser, interaction, page, postCode: (code: string) => browser.send(`${interaction}/otp`, { code }) };
}

/** Posts a password on a fresh sign-in page. */
async function tryPassword(idp: RunningIdp, username: string, password: string) {
  const browser = new IdpBrowser(idp.issuer);
  const interaction = await browser.startSignIn(SIGN_IN);
  return browser.send(`${interaction}/login`, { username, password });
}

describe("one-time codes and lockout", () => {
  let idp: RunningIdp;
  before(async () => {
    idp = await startIdp({ env: AS_SHIPPED });
  });
  after(() => idp?.stop());

  const login = (user: keyof typeof USERS, extra: Partial<ScriptedLoginOptions> = {}) =>
    scriptedLogin({
      issuer: idp.issuer,
      clientId: "fabrikam-intranet",
      clientSecret: DEV_DEFAULTS.clientSecret,
      redirectUri: `${APP_ORIGIN}/auth/callback`,
      scope: "openid",
      acrValues: ACR_MFA,
      ...USERS[user],
      ...extra,
    });

  it("a code accepted once is refused when presented again in its window (RFC 6238 §5.2)", async () => {
    const code = currentTotp(USERS.alice.totpSecret);
    const first = await login("alice", { codeOverride: code });
    assert.deepEqual(first.pagesSeen, ["login", "otp"]);
    await assert.rejects(login("alice", { codeOverride: code }), (error: unknown) => {
      assert.ok(error instanceof ScriptedLoginError);
      assert.match(error.message, /already used/);
      return true;
    });
  });

  it("five wrong passwords lock the account, even against the right password, with a clear message", async () => {
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      await assert.rejects(login("bob", { password: `wrong-${attempt}` }), /Wrong username or password/);
    }
    await assert.rejects(login("bob", { password: "wrong-5" }), (error: unknown) => {
      assert.ok(error instanceof ScriptedLoginError);
      assert.equal(error.status, 429);
      assert.match(error.message, /locked for 2 minutes/);
      return true;
    });
    await assert.rejects(login("bob"), /locked for/);
  });

  it("an unknown username is locked the same way (a lock reveals nothing about which accounts exist)", async () => {
    for (let attempt = 1; attempt <= 4; attempt += 1) await assert.rejects(login("bob", { username: "mallory", password: "x" }), /Wrong username or password/);
    await assert.rejects(login("bob", { username: "mallory", password: "x" }), /locked for/);
  });
});

describe("wrong one-time codes that reach the TOTP comparison", () => {
  let idp: RunningIdp;
  before(async () => {
    idp = await startIdp({ env: AS_SHIPPED });
  });
  after(() => idp?.stop());

  it("five well-formed wrong codes end the sign-in attempt, and they count towards the lockout", async () => {
    const { browser, postCode } = await atCodePage(idp, USERS.alice);
    const codes = wrongCodes(USERS.alice.totpSecret, 5);
    for (const code of codes.slice(0, 4)) {
      const refused = await postCode(code);
      assert.equal(refused.status, 400);
      assert.match(refused.html, /role="alert">That code is not right or has expired/);
      assert.match(refused.html, /action="\/interaction\/[^"]+\/otp"/, "the attempt goes on after four");
    }
    const fifth = await postCode(codes[4] ?? "");
    assert.equal(fifth.status, 303, "the fifth ends the interaction");
    const back = await browser.follow(fifth.location);
    const callback = new URL(back.location);
    assert.equal(callback.origin + callback.pathname, `${APP_ORIGIN}/auth/callback`);
    assert.equal(callback.searchParams.get("error"), "access_denied");

    // The five codes were five failures of alice's: the right password is refused now.
    const again = await tryPassword(idp, USERS.alice.username, USERS.alice.password);
    assert.equal(again.status, 429);
    assert.match(again.html, /locked for 2 minutes/);
  });

  it("wrong codes and wrong passwords add up in one count; a code from two steps ago is a wrong code", async () => {
    const { postCode } = await atCodePage(idp, USERS.bob);
    const old = codeAtStep(USERS.bob.totpSecret, -2);
    // Two steps back from our clock is two or more from the IdP's, which reads it a moment later.
    assert.ok(![-1, 0, 1, 2].map((delta) => codeAtStep(USERS.bob.totpSecret, delta)).includes(old), "the old code differs from the accepted ones");
    for (const code of [old, ...wrongCodes(USERS.bob.totpSecret, 2)]) {
      const refused = await postCode(code);
      assert.equal(refused.status, 400);
      assert.match(refused.html, /That code is not right or has expired/);
    }
    assert.equal((await tryPassword(idp, USERS.bob.username, "wrong-1")).status, 400, "the fourth failure");
    const fifth = await tryPassword(idp, USERS.bob.username, "wrong-2");
    assert.equal(fifth.status, 429, "three codes and two passwords are five failures");
    assert.match(fifth.html, /locked for 2 minutes/);
  });
});

describe("codes as people type and paste them", () => {
  let idp: RunningIdp;
  before(async () => {
    idp = await startIdp({ env: AS_SHIPPED });
  });
  after(() => idp?.stop());

  it("the code field does not cut what is pasted into it", async () => {
    const { page } = await atCodePage(idp, USERS.alice);
    const field = /<input id="code"[^>]*>/.exec(page.html)?.[0] ?? "";
    assert.match(field, /name="code"/);
    assert.doesNotMatch(field, /maxlength/);
  });

  it("what cannot be a code says 'A code has 6 digits.', is not counted, and the code pasted with spaces then works", async () => {
    const { browser, interaction, postCode } = await atCodePage(idp, USERS.alice);
    const notCodes = ["", "12345", "1234567", "abcdef", "12 34 5", "123+456", "１２３４５６", "123456789012", "0".repeat(500), "<script>", "12345x", "+123456"];
    for (const typed of notCodes) {
      const refused = await postCode(typed);
      assert.equal(refused.status, 400, JSON.stringify(typed));
      assert.match(refused.html, /role="alert">A code has 6 digits\.</, JSON.stringify(typed));
    }
    const twice = await browser.send(
      `${interaction}/otp`,
      new URLSearchParams([
        ["code", "123456"],
        ["code", "654321"],
      ]),
    );
    assert.equal(twice.status, 400);
    assert.match(twice.html, /Each field of this form can be sent once/);

    // Fourteen refusals and neither the attempt ended nor the account locked: none of them counted.
    const code = currentTotp(USERS.alice.totpSecret);
    const done = await postCode(` ${code.slice(0, 3)} ${code.slice(3)} `);
    assert.equal(done.status, 303, "the code with spaces signs in");
    assert.match(done.location, /\/auth\/[^/]+$/);
  });

  it("a code pasted with a dash works", async () => {
    const { postCode } = await atCodePage(idp, USERS.bob);
    const code = currentTotp(USERS.bob.totpSecret);
    const done = await postCode(`${code.slice(0, 3)}-${code.slice(3)}`);
    assert.equal(done.status, 303);
    assert.match(done.location, /\/auth\/[^/]+$/);
  });
});

describe("the lock under a parallel burst", () => {
  let idp: RunningIdp;
  before(async () => {
    idp = await startIdp({ env: AS_SHIPPED });
  });
  after(() => idp?.stop());

  it("a burst of 32 parallel wrong passwords gets at most five evaluated and leaves the account locked", async () => {
    const BURST = 32;
    const browser = new IdpBrowser(idp.issuer);
    const interaction = await browser.startSignIn(SIGN_IN);
    const responses = await Promise.all(
      Array.from({ length: BURST }, (_, i) => browser.send(`${interaction}/login`, { username: "bob", password: `guess-${i}` })),
    );
    const wrong = responses.filter((r) => r.status === 400 && /Wrong username or password/.test(r.html));
    const refused = responses.filter((r) => r.status === 429);
    assert.ok(wrong.length <= 4, `${wrong.length} answers said "wrong password": only the first four failures can`);
    assert.equal(wrong.length + refused.length, BURST, "every other answer is a refusal");

    // Every request logs one line (evaluated, or not checked); wait for all of them, then count the evaluated ones.
    const lines = () =>
      idp
        .output()
        .split("\n")
        .filter((line) => line.startsWith('idp auth: username="bob" '));
    await waitFor(() => lines().length >= BURST);
    const evaluated = lines().filter((line) => line.includes(" wrong password"));
    assert.ok(evaluated.length <= 5, `${evaluated.length} passwords were hashed and compared: at most five may be`);

    const right = await tryPassword(idp, "bob", USERS.bob.password);
    assert.equal(right.status, 429, "the account ends locked");
    assert.match(right.html, /locked for 2 minutes/);
  });
});

describe("the throttle per client address", () => {
  let idp: RunningIdp;
  before(async () => {
    // The default allowance (IDP_LOCKOUT_CLIENT_FAILURES=20).
    idp = await startIdp({ env: AS_SHIPPED });
  });
  after(() => idp?.stop());

  it("twenty wrong passwords from one client, spread over usernames so that none is locked, pause that client", async () => {
    for (let i = 0; i < 19; i += 1) {
      const response = await tryPassword(idp, `user-${i % 5}`, "wrong");
      assert.equal(response.status, 400, `failure ${i + 1}`);
    }
    const twentieth = await tryPassword(idp, "user-5", "wrong");
    assert.equal(twentieth.status, 429);
    assert.match(twentieth.html, /Too many wrong attempts from your network\. Sign-in from here is paused for 2 minutes/);
    // No username was locked, but this client may not try even the right password now.
    const right = await tryPassword(idp, "alice", USERS.alice.password);
    assert.equal(right.status, 429);
    assert.match(right.html, /paused for 2 minutes/);
  });
});

describe("IDP_TEST_ALLOW_OTP_REUSE", () => {
  it("is refused when NODE_ENV=production", () => {
    assert.throws(() => loadConfig({ NODE_ENV: "production", IDP_TEST_ALLOW_OTP_REUSE: "1" }), /IDP_TEST_ALLOW_OTP_REUSE: is a test-only switch/);
    assert.equal(loadConfig({ NODE_ENV: "development", IDP_TEST_ALLOW_OTP_REUSE: "1" }).allowOtpReuse, true);
    assert.equal(loadConfig({ NODE_ENV: "development" }).allowOtpReuse, false);
  });
});

/** Polls `condition` until it holds (a child's log reaches us a moment after its answer). */
async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
