/**
 * The account pages' sign-in (Fabrikam Verify, passkey settings) over HTTP against the real IdP, run as shipped:
 * it takes the password AND a one-time code, and shares the lockout and the spent codes with the sign-in pages.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DEV_DEFAULTS } from "../../common/dev-defaults";
import { ACR_MFA } from "../../common/step-up";
import { currentTotp, ScriptedLoginError, scriptedLogin } from "../../testing/scripted-login";
import { type RunningIdp, startIdp } from "../../testing/start-idp";
import { wrongCodes } from "../../testing/totp-codes";

const APP_ORIGIN = "http://localhost:3999";
const USERS = {
  alice: { username: "alice", password: "fabrikam-alice", totpSecret: "JBSWY3DPEHPK3PXP" },
  bob: { username: "bob", password: "fabrikam-bob", totpSecret: "GEZDGNBVGY3TQOJQ" },
};
type User = (typeof USERS)[keyof typeof USERS];

describe("account pages' sign-in (password + one-time code)", () => {
  let idp: RunningIdp;
  before(async () => {
    idp = await startIdp({ env: { IDP_APP_ORIGINS: APP_ORIGIN, IDP_LOCKOUT_SECONDS: "120" } });
  });
  after(() => idp?.stop());

  const accountLogin = async (fields: { username: string; password: string; code?: string }) => {
    const body = new URLSearchParams({ next: "/device", ...fields });
    const response = await fetch(`${idp.issuer}/account/login`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: body.toString(),
      redirect: "manual",
    });
    const session = response.headers.getSetCookie().find((c) => c.startsWith("idp_account="));
    return { status: response.status, location: response.headers.get("location"), session: session?.split(";")[0], html: await response.text() };
  };

  const signIn = (user: User, codeOverride: string) =>
    scriptedLogin({
      issuer: idp.issuer,
      clientId: "fabrikam-intranet",
      clientSecret: DEV_DEFAULTS.clientSecret,
      redirectUri: `${APP_ORIGIN}/auth/callback`,
      scope: "openid",
      acrValues: ACR_MFA,
      ...user,
      codeOverride,
    });

  it("shows three labelled fields", async () => {
    const html = await (await fetch(`${idp.issuer}/device`)).text();
    for (const label of ["Username", "Password", "One-time code"]) assert.match(html, new RegExp(`<label for="[a-z]+">${label}</label>`));
  });

  it("refuses the password alone, asking for all three and saying nothing about the password, and sets no session", async () => {
    const result = await accountLogin({ username: "alice", password: USERS.alice.password });
    assert.equal(result.status, 400);
    assert.equal(result.session, undefined);
    assert.match(result.html, /role="alert">Enter your username, your password and a code\.</);
    const wrongPassword = await accountLogin({ username: "alice", password: "wrong" });
    assert.equal(wrongPassword.html.match(/role="alert">[^<]*</)?.[0], result.html.match(/role="alert">[^<]*</)?.[0], "the same answer");
  });

  it("refuses the right password with a wrong code", async () => {
    const result = await accountLogin({ username: "alice", password: USERS.alice.password, code: wrongCodes(USERS.alice.totpSecret, 1)[0] ?? "" });
    assert.equal(result.status, 400);
    assert.equal(result.session, undefined);
    assert.match(result.html, /Wrong username, password or code/);
  });

  it("a wrong password does not spend the code; password and code then sign in, and the code is spent for the sign-in pages", async () => {
    const code = currentTotp(USERS.bob.totpSecret);
    const wrong = await accountLogin({ username: "bob", password: "wrong", code });
    assert.equal(wrong.status, 400);

    const ok = await accountLogin({ username: "bob", password: USERS.bob.password, code });
    assert.equal(ok.status, 303);
    assert.equal(ok.location, "/device");
    assert.ok(ok.session, "sets the account session cookie");
    const device = await fetch(`${idp.issuer}/device`, { headers: { cookie: ok.session } });
    assert.match(await device.text(), /Signed in as <strong>bob<\/strong>/);

    // RFC 6238 §5.2 across entrances: the code accepted at /account/login is refused on the sign-in page.
    await assert.rejects(signIn(USERS.bob, code), (error: unknown) => {
      assert.ok(error instanceof ScriptedLoginError);
      assert.match(error.message, /already used/);
      return true;
    });
  });

  it("a code spent on the sign-in pages is refused at /account/login", async () => {
    const code = currentTotp(USERS.alice.totpSecret);
    const first = await signIn(USERS.alice, code);
    assert.deepEqual(first.pagesSeen, ["login", "otp"]);
    const again = await accountLogin({ username: "alice", password: USERS.alice.password, code });
    assert.equal(again.status, 400);
    assert.equal(again.session, undefined);
  });

  it("repeated failures lock the username for the account pages and the sign-in pages alike", async () => {
    // alice has one failure from the test above (the spent code); four wrong passwords more reach five.
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      assert.equal((await accountLogin({ username: "alice", password: `wrong-${attempt}`, code: "123456" })).status, 400);
    }
    const locking = await accountLogin({ username: "alice", password: "wrong-4", code: "123456" });
    assert.equal(locking.status, 429);
    assert.match(locking.html, /locked for 2 minutes/);

    const right = await accountLogin({ username: "alice", password: USERS.alice.password, code: currentTotp(USERS.alice.totpSecret) });
    assert.equal(right.status, 429, "the right password and code are refused while locked");
    assert.equal(right.session, undefined);
    await assert.rejects(signIn(USERS.alice, currentTotp(USERS.alice.totpSecret)), /locked for/);
  });
});

describe("account pages' code field, as people paste codes", () => {
  let idp: RunningIdp;
  before(async () => {
    // Several sign-ins with the current code: replay has its own tests above.
    idp = await startIdp({ env: { IDP_APP_ORIGINS: APP_ORIGIN, IDP_LOCKOUT_SECONDS: "120", IDP_TEST_ALLOW_OTP_REUSE: "1" } });
  });
  after(() => idp?.stop());

  const post = async (fields: Record<string, string>) => {
    const response = await fetch(`${idp.issuer}/account/login`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ next: "/device", ...fields }).toString(),
      redirect: "manual",
    });
    return { status: response.status, location: response.headers.get("location"), html: await response.text() };
  };

  it("what cannot be a code says so and is not counted; the code pasted with spaces then signs in", async () => {
    for (const code of ["12345", "abcdef", "1234567", "12 34 5", "123456789", "x"]) {
      const refused = await post({ username: "bob", password: USERS.bob.password, code });
      assert.equal(refused.status, 400, code);
      assert.match(refused.html, /role="alert">A code has 6 digits\.</, code);
    }
    const code = currentTotp(USERS.bob.totpSecret);
    const ok = await post({ username: "bob", password: USERS.bob.password, code: ` ${code.slice(0, 3)} ${code.slice(3)} ` });
    assert.equal(ok.status, 303, "six refusals and no lock: none counted");
    assert.equal(ok.location, "/device");
  });

  it("a form without `next` (a hand-made post) signs in to Fabrikam Verify", async () => {
    const response = await fetch(`${idp.issuer}/account/login`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ ...USERS.alice, code: currentTotp(USERS.alice.totpSecret) }).toString(),
      redirect: "manual",
    });
    assert.equal(response.status, 303);
    assert.equal(response.headers.get("location"), "/device");
  });

  it("a code pasted with a dash signs in, and the field does not cut what is pasted", async () => {
    const page = await (await fetch(`${idp.issuer}/device`)).text();
    assert.doesNotMatch(/<input id="code"[^>]*>/.exec(page)?.[0] ?? "", /maxlength/);
    const code = currentTotp(USERS.alice.totpSecret);
    const ok = await post({ username: "alice", password: USERS.alice.password, code: `${code.slice(0, 3)}-${code.slice(3)}` });
    assert.equal(ok.status, 303);
  });
});
