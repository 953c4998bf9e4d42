import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ACR_MFA } from "../common/step-up";
import { currentTotp, scriptedLogin, ScriptedLoginError, type ScriptedLoginOptions } from "../testing/scripted-login";
import { startIdp, type RunningIdp } from "../testing/start-idp";
import { loadConfig } from "./config";

const APP_ORIGIN = "http://localhost:3999";
const USERS = {
  alice: { username: "alice", password: "fabrikam-alice", totpSecret: "JBSWY3DPEHPK3PXP" },
  bob: { username: "bob", password: "fabrikam-bob", totpSecret: "GEZDGNBVGY3TQOJQ" },
};

// This IdP runs as shipped: no test switches.
describe("one-time codes and lockout", () => {
  let idp: RunningIdp;
  before(async () => {
    idp = await startIdp({ env: { IDP_APP_ORIGINS: APP_ORIGIN, IDP_LOCKOUT_SECONDS: "120" } });
  });
  after(() => idp?.stop());

  const login = (user: keyof typeof USERS, extra: Partial<ScriptedLoginOptions> = {}) =>
    scriptedLogin({
      issuer: idp.issuer, clientId: "fabrikam-intranet", clientSecret: "fabrikam-intranet-dev-secret",
      redirectUri: `${APP_ORIGIN}/auth/callback`, scope: "openid", acrValues: ACR_MFA, ...USERS[user], ...extra,
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

describe("IDP_TEST_ALLOW_OTP_REUSE", () => {
  it("is refused when NODE_ENV=production", () => {
    assert.throws(() => loadConfig({ NODE_ENV: "production", IDP_TEST_ALLOW_OTP_REUSE: "1" }), /IDP_TEST_ALLOW_OTP_REUSE: is a test-only switch/);
    assert.equal(loadConfig({ NODE_ENV: "development", IDP_TEST_ALLOW_OTP_REUSE: "1" }).allowOtpReuse, true);
    assert.equal(loadConfig({ NODE_ENV: "development" }).allowOtpReuse, false);
  });
});
