/**
 * Passkeys over HTTP against the real IdP, with a software authenticator: enrolment on the settings page, a step-up
 * finished with the passkey, and the passkey still working while the password and code lock holds.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DEV_DEFAULTS } from "../../common/dev-defaults";
import { ACR_MFA, DEFAULT_CLIENT_ID } from "../../common/step-up";
import { IdpBrowser } from "../../testing/idp-browser";
import { currentTotp, scriptedLogin } from "../../testing/scripted-login";
import { optionsOnPage, SoftAuthenticator } from "../../testing/soft-authenticator";
import { type RunningIdp, startIdp } from "../../testing/start-idp";

const APP_ORIGIN = "http://localhost:3999";
const ALICE = { username: "alice", password: "fabrikam-alice", totpSecret: "JBSWY3DPEHPK3PXP" };
const SIGN_IN = { clientId: DEFAULT_CLIENT_ID, redirectUri: `${APP_ORIGIN}/auth/callback` };

/** A running IdP where alice has enrolled `passkey` on the settings page (behind her password and a code). */
async function idpWithPasskey(): Promise<{ idp: RunningIdp; passkey: SoftAuthenticator }> {
  const idp = await startIdp({ env: { IDP_APP_ORIGINS: APP_ORIGIN, IDP_LOCKOUT_SECONDS: "120" } });
  const passkey = new SoftAuthenticator(idp.issuer);
  const account = new IdpBrowser(idp.issuer);
  assert.equal((await account.send("/account/login", { next: "/settings", ...ALICE, code: currentTotp(ALICE.totpSecret) })).status, 303);
  const settings = await account.send("/settings");
  const added = await account.send("/settings/passkeys", { response: passkey.register(optionsOnPage(settings.html, "registration-options")) });
  assert.equal(added.location, "/settings?done=added");
  return { idp, passkey };
}

/** An IdP session from a password-only sign-in, then a step-up for the MFA ACR: the browser on the second-factor page. */
async function stepUp(idp: RunningIdp) {
  const first = await scriptedLogin({ issuer: idp.issuer, clientSecret: DEV_DEFAULTS.clientSecret, scope: "openid", ...SIGN_IN, ...ALICE });
  assert.deepEqual(first.pagesSeen, ["login"]);
  const browser = new IdpBrowser(idp.issuer, first.cookies);
  const interaction = await browser.startSignIn({ ...SIGN_IN, acrValues: ACR_MFA });
  const page = await browser.send(interaction);
  assert.match(page.html, /action="\/interaction\/[^"]+\/otp"/, "only the second factor is asked");
  return { browser, interaction };
}

/** Uses the passkey on the sign-in page; returns where the sign-in went. */
async function usePasskey(passkey: SoftAuthenticator, browser: IdpBrowser, interaction: string) {
  const page = await browser.send(`${interaction}/passkey`);
  assert.equal(page.status, 200);
  const posted = await browser.send(`${interaction}/passkey`, { response: passkey.authenticate(optionsOnPage(page.html, "passkey-options")) });
  assert.equal(posted.status, 303, posted.html.slice(0, 300));
  return browser.follow(posted.location);
}

describe("passkeys as the second factor", () => {
  let idp: RunningIdp;
  let passkey: SoftAuthenticator;
  before(async () => {
    ({ idp, passkey } = await idpWithPasskey());
  });
  after(() => idp?.stop());

  it("finishes a step-up with the passkey", async () => {
    const { browser, interaction } = await stepUp(idp);
    const done = await usePasskey(passkey, browser, interaction);
    const callback = new URL(done.location);
    assert.equal(callback.origin + callback.pathname, `${APP_ORIGIN}/auth/callback`);
    assert.ok(callback.searchParams.get("code"), "an authorization code for the app");
  });

  it("refuses an assertion signed for another challenge, and the page's challenge is spent with it", async () => {
    const { browser, interaction } = await stepUp(idp);
    const page = await browser.send(`${interaction}/passkey`);
    const options = optionsOnPage(page.html, "passkey-options");
    const refused = await browser.send(`${interaction}/passkey`, { response: passkey.authenticate({ ...options, challenge: "c29tZXRoaW5nLWVsc2U" }) });
    assert.equal(refused.status, 400);
    assert.match(refused.html, /role="alert">The passkey could not be verified/);
    const late = await browser.send(`${interaction}/passkey`, { response: passkey.authenticate(options) });
    assert.equal(late.status, 400, "the first challenge no longer counts");
  });
  // Found by idp/forms-fuzz.test.ts: the verifier's own reason ("… is not valid JSON at position 1 (line 1 column 2)")
  // reached the page. People get one plain sentence; the reason goes to the log.
  it("a response whose clientDataJSON is not JSON gets a plain sentence, not the verifier's reason", async () => {
    const { browser, interaction } = await stepUp(idp);
    const page = await browser.send(`${interaction}/passkey`);
    const response = JSON.parse(passkey.authenticate(optionsOnPage(page.html, "passkey-options"))) as { response: Record<string, string> };
    response.response.clientDataJSON = "M  ";
    const refused = await browser.send(`${interaction}/passkey`, { response: JSON.stringify(response) });
    assert.equal(refused.status, 400);
    assert.match(refused.html, /role="alert">The passkey could not be verified\. Try again, or choose another way to verify\.</);
    assert.doesNotMatch(refused.html, /JSON|position/);
  });
});

describe("passkeys while the password and code lock holds", () => {
  let idp: RunningIdp;
  let passkey: SoftAuthenticator;
  before(async () => {
    ({ idp, passkey } = await idpWithPasskey());
  });
  after(() => idp?.stop());

  it("a step-up still finishes with the passkey (it cannot be guessed), while the code form says it is locked", async () => {
    const { browser, interaction } = await stepUp(idp);
    // Someone who knows the username locks it.
    const attacker = new IdpBrowser(idp.issuer);
    const attack = await attacker.startSignIn(SIGN_IN);
    for (let i = 1; i <= 5; i += 1) await attacker.send(`${attack}/login`, { username: "alice", password: `guess-${i}` });
    const code = await browser.send(`${interaction}/otp`, { code: currentTotp(ALICE.totpSecret) });
    assert.equal(code.status, 429, "the code form is locked");
    assert.match(code.html, /locked for 2 minutes; try again after that\. A passkey or a push approval still works/);

    const done = await usePasskey(passkey, browser, interaction);
    const callback = new URL(done.location);
    assert.equal(callback.searchParams.get("error"), null);
    assert.ok(callback.searchParams.get("code"), "the passkey finished the step-up");
  });
});
