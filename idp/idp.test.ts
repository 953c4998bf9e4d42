/**
 * Integration tests: the real IdP in a child process, driven over HTTP by the
 * scripted client in testing/.
 */
import assert from "node:assert/strict";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { decodeJwt, decodeProtectedHeader } from "jose";
import { DEV_DEFAULTS } from "../common/dev-defaults";
import { ACR_MFA, ACR_PASSWORD, AMR, DEFAULT_API_AUDIENCE, DEFAULT_CLIENT_ID, SCOPES } from "../common/step-up";
import { untilClockPasses } from "../testing/clock";
import { IdpBrowser } from "../testing/idp-browser";
import { ScriptedLoginError, type ScriptedLoginOptions, scriptedLogin } from "../testing/scripted-login";
import { type RunningIdp, startIdp } from "../testing/start-idp";
import { wrongCodes } from "../testing/totp-codes";

const APP_ORIGIN = "http://localhost:3999";
const CLIENT_SECRET = DEV_DEFAULTS.clientSecret;

function alice(idp: RunningIdp, overrides: Partial<ScriptedLoginOptions> = {}): ScriptedLoginOptions {
  return {
    issuer: idp.issuer,
    clientId: DEFAULT_CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    redirectUri: `${APP_ORIGIN}/auth/callback`,
    username: "alice",
    password: "fabrikam-alice",
    totpSecret: "JBSWY3DPEHPK3PXP",
    scope: "openid profile",
    ...overrides,
  };
}

async function kidsOf(idp: RunningIdp): Promise<string[]> {
  const jwks = (await (await fetch(`${idp.issuer}/jwks`)).json()) as { keys: { kid: string }[] };
  return jwks.keys.map((key) => key.kid);
}

describe("dev IdP", () => {
  let idp: RunningIdp;
  let policyOff: RunningIdp;
  let dataDir: string;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "fabrikam-idp-test-"));
    // These tests sign alice in many times a minute; one-time-code replay has its own test (otp-and-lockout.test.ts).
    const env = { IDP_APP_ORIGINS: APP_ORIGIN, IDP_TEST_ALLOW_OTP_REUSE: "1" };
    [idp, policyOff] = await Promise.all([startIdp({ dataDir, env }), startIdp({ env: { ...env, IDP_MFA_POLICY: "off" } })]);
  });

  after(async () => {
    await Promise.all([idp?.stop(), policyOff?.stop()]);
  });

  it("advertises RFC 9207 iss, S256-only PKCE and both ACRs", async () => {
    const discovery = (await (await fetch(`${idp.issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    assert.equal(discovery.issuer, idp.issuer);
    assert.equal(discovery.authorization_response_iss_parameter_supported, true);
    assert.deepEqual(discovery.code_challenge_methods_supported, ["S256"]);
    assert.ok(Array.isArray(discovery.acr_values_supported));
    assert.ok(discovery.acr_values_supported.includes(ACR_MFA));
    assert.ok(discovery.acr_values_supported.includes(ACR_PASSWORD));
  });

  it("password-only sign-in yields acr password and amr pwd", async () => {
    const { claims, pagesSeen } = await scriptedLogin(alice(idp));
    assert.deepEqual(pagesSeen, ["login"]);
    assert.equal(claims.sub, "alice");
    assert.equal(claims.acr, ACR_PASSWORD);
    assert.deepEqual(claims.amr, [AMR.password]);
    assert.equal(claims.name, "Alice Johnson");
    assert.equal(typeof claims.auth_time, "number");
  });

  it("a plain sign-in that names the API as resource (as the app does) still works", async () => {
    const { claims, tokens } = await scriptedLogin(alice(idp, { resource: DEFAULT_API_AUDIENCE }));
    assert.equal(claims.acr, ACR_PASSWORD);
    assert.equal(decodeJwt(tokens.access_token).aud, DEFAULT_API_AUDIENCE);
  });

  it("acr_values MFA shows both pages and yields the MFA acr with otp and mfa in amr", async () => {
    const { claims, pagesSeen } = await scriptedLogin(alice(idp, { acrValues: ACR_MFA }));
    assert.deepEqual(pagesSeen, ["login", "otp"]);
    assert.equal(claims.acr, ACR_MFA);
    assert.ok(Array.isArray(claims.amr));
    assert.ok(claims.amr.includes(AMR.oneTimePassword) && claims.amr.includes(AMR.multiFactor));
  });

  it("step-up on an existing password session asks only for the code, then not again", async () => {
    const first = await scriptedLogin(alice(idp));
    const stepUp = await scriptedLogin(alice(idp, { acrValues: ACR_MFA, cookies: first.cookies }));
    assert.deepEqual(stepUp.pagesSeen, ["otp"]);
    assert.equal(stepUp.claims.acr, ACR_MFA);
    assert.deepEqual(stepUp.claims.amr, [AMR.password, AMR.oneTimePassword, AMR.multiFactor]);
    assert.ok(Number(stepUp.claims.auth_time) >= Number(first.claims.auth_time));

    const again = await scriptedLogin(alice(idp, { acrValues: ACR_MFA, cookies: stepUp.cookies }));
    assert.deepEqual(again.pagesSeen, []);
    assert.equal(again.claims.acr, ACR_MFA);
  });

  it("prompt=login inside an MFA session asks for the password and the code again", async () => {
    const mfa = await scriptedLogin(alice(idp, { acrValues: ACR_MFA }));
    const again = await scriptedLogin(alice(idp, { acrValues: ACR_MFA, prompt: "login", cookies: mfa.cookies }));
    assert.deepEqual(again.pagesSeen, ["login", "otp"]);
  });

  it("a wrong password shows a clear message and issues no code", async () => {
    await assert.rejects(scriptedLogin(alice(idp, { password: "wrong" })), (error: unknown) => {
      assert.ok(error instanceof ScriptedLoginError);
      assert.equal(error.status, 400);
      assert.match(error.message, /Wrong username or password/);
      assert.match(error.body, /role="alert"/);
      assert.match(error.body, /action="\/interaction\/[^"]+\/login"/);
      return true;
    });
  });

  it("a wrong code shows a clear message and issues no code", async () => {
    // Six digits, so it reaches the TOTP comparison (what cannot be a code has its own test in otp-and-lockout.test.ts).
    const [wrong = ""] = wrongCodes("JBSWY3DPEHPK3PXP", 1);
    await assert.rejects(scriptedLogin(alice(idp, { acrValues: ACR_MFA, codeOverride: wrong })), (error: unknown) => {
      assert.ok(error instanceof ScriptedLoginError);
      assert.deepEqual(error.pagesSeen, ["login", "otp"]);
      assert.match(error.message, /code is not right/);
      assert.match(error.body, /action="\/interaction\/[^"]+\/otp"/);
      return true;
    });
  });

  it("transfer:funds yields a 5-minute RFC 9068 access token for the API with acr/amr/auth_time", async () => {
    const { tokens, pagesSeen } = await scriptedLogin(alice(idp, { scope: `openid ${SCOPES.transferFunds}`, resource: DEFAULT_API_AUDIENCE }));
    assert.deepEqual(pagesSeen, ["login", "otp"]);
    assert.equal(decodeProtectedHeader(tokens.access_token).typ, "at+jwt");
    assert.equal(decodeProtectedHeader(tokens.access_token).alg, "RS256");
    const at = decodeJwt(tokens.access_token);
    assert.equal(at.aud, DEFAULT_API_AUDIENCE);
    assert.equal(at.iss, idp.issuer);
    assert.equal(at.sub, "alice");
    assert.equal(at.client_id, DEFAULT_CLIENT_ID);
    assert.equal(typeof at.jti, "string");
    assert.ok(String(at.scope).split(" ").includes(SCOPES.transferFunds));
    assert.ok(!String(at.scope).split(" ").includes(SCOPES.readAccounts), "only requested scopes");
    assert.equal(at.acr, ACR_MFA);
    assert.deepEqual(at.amr, [AMR.password, AMR.oneTimePassword, AMR.multiFactor]);
    assert.equal(typeof at.auth_time, "number");
    assert.equal(Number(at.exp) - Number(at.iat), 300);
    assert.equal(tokens.refresh_token, undefined);
  });

  it("read:accounts without resource defaults to the API audience, lives an hour, needs no code", async () => {
    // OIDC Core 11: offline_access counts only with prompt=consent, which this IdP grants without a page.
    const { tokens, pagesSeen } = await scriptedLogin(alice(idp, { scope: `openid ${SCOPES.readAccounts} offline_access`, prompt: "login consent" }));
    assert.deepEqual(pagesSeen, ["login"]);
    const at = decodeJwt(tokens.access_token);
    assert.equal(at.aud, DEFAULT_API_AUDIENCE);
    assert.equal(Number(at.exp) - Number(at.iat), 3600);
    assert.equal(at.acr, ACR_PASSWORD);
    assert.equal(typeof tokens.refresh_token, "string");
  });

  it("a second transfer:funds request in the same MFA session asks for the code again", async () => {
    const options = alice(idp, { scope: `openid ${SCOPES.transferFunds}`, resource: DEFAULT_API_AUDIENCE });
    const first = await scriptedLogin(options);
    const second = await scriptedLogin({ ...options, cookies: first.cookies });
    assert.deepEqual(second.pagesSeen, ["otp"]);
    assert.equal(decodeJwt(second.tokens.access_token).acr, ACR_MFA);
  });

  it("with IDP_MFA_POLICY=off, acr_values MFA yields a password-only ID token", async () => {
    const { claims, pagesSeen } = await scriptedLogin(alice(policyOff, { acrValues: ACR_MFA }));
    assert.deepEqual(pagesSeen, ["login"]);
    assert.equal(claims.acr, ACR_PASSWORD);
    assert.deepEqual(claims.amr, [AMR.password]);
  });

  it("refuses a pushed authorization request without PKCE", async () => {
    const response = await fetch(`${idp.issuer}/request`, {
      method: "POST",
      headers: { authorization: `Basic ${btoa(`${DEFAULT_CLIENT_ID}:${CLIENT_SECRET}`)}`, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        client_id: DEFAULT_CLIENT_ID,
        redirect_uri: `${APP_ORIGIN}/auth/callback`,
        response_type: "code",
        scope: "openid",
        state: "s",
      }),
    });
    const body = (await response.json()) as { error?: string; error_description?: string };
    assert.equal(response.status, 400, JSON.stringify(body));
    assert.equal(body.error, "invalid_request");
    assert.match(String(body.error_description), /PKCE/);
  });

  it("the claims parameter with an essential MFA acr demands the code", async () => {
    const claims = { id_token: { acr: { essential: true, values: [ACR_MFA] } } };
    const result = await scriptedLogin(alice(idp, { claims }));
    assert.deepEqual(result.pagesSeen, ["login", "otp"]);
    assert.equal(result.claims.acr, ACR_MFA);
  });

  it("max_age exceeded asks for the password and, with acr_values MFA, the code again", async () => {
    const mfa = await scriptedLogin(alice(idp, { acrValues: ACR_MFA }));
    // max_age=0 is exceeded once the clock has left the second of that sign-in (auth_time counts whole seconds).
    await untilClockPasses(Number(mfa.claims.auth_time) + 1);
    const again = await scriptedLogin(alice(idp, { acrValues: ACR_MFA, maxAge: 0, cookies: mfa.cookies }));
    assert.deepEqual(again.pagesSeen, ["login", "otp"]);
    assert.ok(Number(again.claims.auth_time) > Number(mfa.claims.auth_time));
  });

  it("Cancel ends the interaction with access_denied", async () => {
    const browser = new IdpBrowser(idp.issuer);
    const interaction = await browser.startSignIn({ clientId: DEFAULT_CLIENT_ID, redirectUri: `${APP_ORIGIN}/auth/callback` });
    const page = (await browser.send(interaction)).html;
    assert.match(page, /<label for="username">Username<\/label>/);
    assert.match(page, /<label for="password">Password<\/label>/);
    assert.match(page, />Continue<\/button>/);
    const abort = await browser.send(`${interaction}/abort`, {});
    const resume = await browser.send(new URL(abort.location, idp.issuer).pathname);
    const callback = new URL(resume.location);
    assert.equal(callback.origin + callback.pathname, `${APP_ORIGIN}/auth/callback`);
    assert.equal(callback.searchParams.get("error"), "access_denied");
  });

  // RP-initiated logout (auto-submit only with the app's own ID token, a question otherwise): idp/logout.test.ts.

  it("serves a home page listing the demo users with QR codes", async () => {
    const response = await fetch(`${idp.issuer}/`);
    const html = await response.text();
    assert.equal(response.status, 200);
    assert.match(html, /Fabrikam Identity/);
    assert.match(html, /JBSWY3DPEHPK3PXP/);
    assert.match(html, /<svg/);
  });

  it("keeps its signing key across a restart", async () => {
    const before = await kidsOf(idp);
    await idp.stop();
    idp = await startIdp({ dataDir, port: idp.port, env: { IDP_APP_ORIGINS: APP_ORIGIN, IDP_TEST_ALLOW_OTP_REUSE: "1" } });
    assert.deepEqual(await kidsOf(idp), before);
  });
});

describe("dev IdP imitating Keycloak (IDP_PROFILE=keycloak)", () => {
  let idp: RunningIdp;

  before(async () => {
    // Several logins of the same user within one code window: the dev-only reuse switch allows it.
    idp = await startIdp({ env: { IDP_APP_ORIGINS: APP_ORIGIN, IDP_PROFILE: "keycloak", IDP_TEST_ALLOW_OTP_REUSE: "1" } });
  });
  after(() => idp?.stop());

  it("reports level 1 for a password and level 2 after a code asked for with acr_values", async () => {
    const password = await scriptedLogin(alice(idp));
    assert.equal(password.claims.acr, "1");
    assert.deepEqual(password.pagesSeen, ["login"]);
    const stepUp = await scriptedLogin(alice(idp, { acrValues: "2", cookies: password.cookies }));
    assert.equal(stepUp.claims.acr, "2");
    assert.deepEqual(stepUp.claims.amr, [AMR.password, AMR.oneTimePassword]);
    assert.deepEqual(stepUp.pagesSeen, ["otp"]);
  });

  it("honours an essential acr claim, and ignores another vendor's ACR", async () => {
    const claims = await scriptedLogin(alice(idp, { claims: { id_token: { acr: { essential: true, value: "2" } } } }));
    assert.equal(claims.claims.acr, "2");
    const foreign = await scriptedLogin(alice(idp, { acrValues: ACR_MFA }));
    assert.equal(foreign.claims.acr, "1");
    assert.deepEqual(foreign.pagesSeen, ["login"]);
  });

  it("puts level 2 into transfer:funds access tokens without an audience parameter", async () => {
    const { tokens } = await scriptedLogin(alice(idp, { scope: `openid ${SCOPES.transferFunds}`, acrValues: "2" }));
    const at = decodeJwt(tokens.access_token);
    assert.equal(at.aud, DEFAULT_API_AUDIENCE);
    assert.equal(at.acr, "2");
  });
});
