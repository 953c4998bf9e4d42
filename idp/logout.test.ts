/**
 * RP-initiated logout over HTTP against the real IdP, with real ID tokens from scripted sign-ins: the confirmation
 * submits itself only for a logout the relying party started for this session (a valid id_token_hint naming the
 * signed-in account and this session's sid); a plain link, another account's token or an old session's token get a
 * question, and "Stay signed in" keeps the session.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DEV_DEFAULTS } from "../common/dev-defaults";
import { DEFAULT_CLIENT_ID } from "../common/step-up";
import { IdpBrowser } from "../testing/idp-browser";
import { type ScriptedLoginResult, scriptedLogin } from "../testing/scripted-login";
import { type RunningIdp, startIdp } from "../testing/start-idp";

const APP_ORIGIN = "http://localhost:3999";
const HOME = `${APP_ORIGIN}/`;
const USERS = {
  alice: { username: "alice", password: "fabrikam-alice", totpSecret: "JBSWY3DPEHPK3PXP" },
  bob: { username: "bob", password: "fabrikam-bob", totpSecret: "GEZDGNBVGY3TQOJQ" },
};

const AUTO_SUBMIT = /<script src="\/static\/logout\.js" defer><\/script>/;
const QUESTION = /<h1>Sign out of Fabrikam Identity\?<\/h1>/;

describe("RP-initiated logout: auto-submit only for the relying party's own logout", () => {
  let idp: RunningIdp;
  before(async () => {
    idp = await startIdp({ env: { IDP_APP_ORIGINS: APP_ORIGIN } });
  });
  after(() => idp?.stop());

  const signIn = (user: keyof typeof USERS, cookies: ScriptedLoginResult["cookies"] = []) =>
    scriptedLogin({
      issuer: idp.issuer,
      clientId: DEFAULT_CLIENT_ID,
      clientSecret: DEV_DEFAULTS.clientSecret,
      redirectUri: `${APP_ORIGIN}/auth/callback`,
      scope: "openid",
      cookies,
      ...USERS[user],
    });

  /** Opens the end-session endpoint in `browser` with `params`. */
  const endSession = (browser: IdpBrowser, params: Record<string, string>) => browser.send(`/session/end?${new URLSearchParams(params)}`);

  /** Answers the confirmation page: "Sign out" (logout=yes) or "Stay signed in" (the form's xsrf alone). */
  const answer = (browser: IdpBrowser, page: string, signOut: boolean) => {
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(page)?.[1];
    assert.ok(xsrf, "the page carries oidc-provider's xsrf form");
    return browser.send("/session/end/confirm", signOut ? { xsrf, logout: "yes" } : { xsrf });
  };

  /** Whether `browser` still has an IdP session: a new sign-in that needs no password page. */
  const stillSignedIn = async (result: ScriptedLoginResult, browser: IdpBrowser) => {
    const cookies = result.cookies
      .map((c) => ({ ...c, value: browser.cookiesFor(c.path)?.match(new RegExp(`${c.name}=([^;]*)`))?.[1] ?? "" }))
      .filter((c) => c.value);
    return (await signIn("alice", cookies)).pagesSeen.length === 0;
  };

  it("with the app's own ID token for this session: submits itself, ends the session and returns to the app", async () => {
    const session = await signIn("alice");
    const browser = new IdpBrowser(idp.issuer, session.cookies);
    const page = await endSession(browser, { id_token_hint: session.tokens.id_token ?? "", post_logout_redirect_uri: HOME, state: "bye" });
    assert.equal(page.status, 200);
    assert.match(page.html, AUTO_SUBMIT, "the confirmation submits itself");
    assert.match(
      page.html,
      /<button class="primary" id="logout-yes" type="submit" form="op\.logoutForm" name="logout" value="yes">Sign out<\/button>/,
      "and works without JavaScript",
    );
    assert.doesNotMatch(page.html, QUESTION);
    const done = await answer(browser, page.html, true);
    assert.equal(done.status, 303);
    assert.equal(done.location, `${HOME}?state=bye`);
    assert.equal(await stillSignedIn(session, browser), false, "the IdP session ended");
  });

  it("a plain link (client_id, or nothing at all) gets a question, not an automatic sign-out", async () => {
    const session = await signIn("alice");
    const browser = new IdpBrowser(idp.issuer, session.cookies);
    const links: Record<string, string>[] = [{ client_id: DEFAULT_CLIENT_ID, post_logout_redirect_uri: HOME }, {}];
    for (const params of links) {
      const page = await endSession(browser, params);
      assert.equal(page.status, 200, JSON.stringify(params));
      assert.doesNotMatch(page.html, AUTO_SUBMIT, JSON.stringify(params));
      assert.doesNotMatch(page.html, /<script(?! type="application\/json")/, "no script at all");
      assert.match(page.html, QUESTION);
      assert.match(page.html, /<button class="primary" type="submit" form="op\.logoutForm" name="logout" value="yes">Sign out<\/button>/);
      assert.match(page.html, /<button class="secondary" type="submit" form="op\.logoutForm">Stay signed in<\/button>/);
    }
  });

  it("'Stay signed in' keeps the IdP session and returns to the app", async () => {
    const session = await signIn("alice");
    const browser = new IdpBrowser(idp.issuer, session.cookies);
    const page = await endSession(browser, { client_id: DEFAULT_CLIENT_ID, post_logout_redirect_uri: HOME, state: "s" });
    const stay = await answer(browser, page.html, false);
    assert.equal(stay.status, 303);
    assert.equal(stay.location, `${HOME}?state=s`);
    assert.equal(await stillSignedIn(session, browser), true, "no password needed: still signed in");
  });

  it("'Stay signed in' without a return address says so, and 'Sign out' says signed out", async () => {
    const session = await signIn("alice");
    const browser = new IdpBrowser(idp.issuer, session.cookies);
    const stay = await answer(browser, (await endSession(browser, {})).html, false);
    const stayed = await browser.follow(stay.location);
    assert.match(stayed.html, /role="status">You stayed signed in to Fabrikam Identity/);
    const out = await answer(browser, (await endSession(browser, {})).html, true);
    const signedOut = await browser.follow(out.location);
    assert.match(signedOut.html, /<h1>Signed out<\/h1>/);
    assert.equal(await stillSignedIn(session, browser), false);
  });

  it("another account's ID token, or one from an earlier session of the same account, gets the question", async () => {
    const bobs = await signIn("bob");
    const earlier = await signIn("alice");
    // alice signs out of that session and, in a later second than that token was issued, in again: a new session.
    const first = new IdpBrowser(idp.issuer, earlier.cookies);
    await answer(first, (await endSession(first, { id_token_hint: earlier.tokens.id_token ?? "" })).html, true);
    await waitFor(() => Math.floor(Date.now() / 1000) > Number(earlier.claims.iat));
    const current = await signIn("alice");
    const browser = new IdpBrowser(idp.issuer, current.cookies);
    for (const [label, token] of [
      ["bob's token", bobs.tokens.id_token],
      ["alice's earlier token", earlier.tokens.id_token],
    ] as const) {
      const page = await endSession(browser, { id_token_hint: token ?? "", post_logout_redirect_uri: HOME });
      assert.equal(page.status, 200, label);
      assert.doesNotMatch(page.html, AUTO_SUBMIT, label);
      assert.match(page.html, QUESTION, label);
    }
    // The control: the current session's own token still submits itself.
    assert.match((await endSession(browser, { id_token_hint: current.tokens.id_token ?? "" })).html, AUTO_SUBMIT);
  });

  it("a forged or mangled id_token_hint is refused by oidc-provider with a 4xx page", async () => {
    const session = await signIn("alice");
    const browser = new IdpBrowser(idp.issuer, session.cookies);
    const [header, payload] = (session.tokens.id_token ?? "").split(".");
    for (const hint of [`${header}.${payload}.AAAA`, "not-a-jwt", `${header}.${Buffer.from('{"sub":"alice"}').toString("base64url")}.`]) {
      const page = await endSession(browser, { id_token_hint: hint });
      assert.equal(page.status, 400, hint);
      assert.doesNotMatch(page.html, AUTO_SUBMIT);
      assert.match(page.html, /role="alert">The request could not be completed: /);
    }
    assert.equal(await stillSignedIn(session, browser), true);
  });
});

/** Polls `condition` until it holds. */
async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
