/**
 * Push approval over HTTP against the real IdP: number matching on the waiting page and the device page, the
 * per-account cap on waiting requests, a completion posted twice, another account's device trying to answer, and
 * approval while the password and code lock holds.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DEV_DEFAULTS } from "../../common/dev-defaults";
import { ACR_MFA, DEFAULT_CLIENT_ID } from "../../common/step-up";
import { IdpBrowser } from "../../testing/idp-browser";
import { currentTotp, scriptedLogin } from "../../testing/scripted-login";
import { type RunningIdp, startIdp } from "../../testing/start-idp";

const APP_ORIGIN = "http://localhost:3999";
const ALICE = { username: "alice", password: "fabrikam-alice", totpSecret: "JBSWY3DPEHPK3PXP" };
const BOB = { username: "bob", password: "fabrikam-bob", totpSecret: "GEZDGNBVGY3TQOJQ" };

const numberOn = (html: string) => /Number to match: <strong>(\d\d)<\/strong>/.exec(html)?.[1];
const requestIdsOn = (html: string) => [...html.matchAll(/data-request-id="([^"]+)"/g)].map((match) => match[1] ?? "");

describe("push approval with number matching", () => {
  let idp: RunningIdp;
  before(async () => {
    // The account pages ask for a code on every sign-in here; code replay has its own tests.
    idp = await startIdp({ env: { IDP_APP_ORIGINS: APP_ORIGIN, IDP_TEST_ALLOW_OTP_REUSE: "1" } });
  });
  after(() => idp?.stop());

  /** A sign-in for the MFA ACR, past the password, with a push request sent; returns the browser and the waiting page. */
  const signInWaitingForPush = async () => {
    const browser = new IdpBrowser(idp.issuer);
    const interaction = await browser.startSignIn({ clientId: DEFAULT_CLIENT_ID, redirectUri: `${APP_ORIGIN}/auth/callback`, acrValues: ACR_MFA });
    assert.equal((await browser.send(`${interaction}/login`, { username: ALICE.username, password: ALICE.password })).status, 303);
    const sent = await browser.send(`${interaction}/push`, {});
    return { browser, interaction, sent, waiting: sent.status === 303 ? await browser.send(sent.location) : sent };
  };

  const device = async (user: typeof ALICE = ALICE) => {
    const browser = new IdpBrowser(idp.issuer);
    const login = await browser.send("/account/login", { next: "/device", ...user, code: currentTotp(user.totpSecret) });
    assert.equal(login.status, 303);
    return browser;
  };

  it("the waiting page shows a two-digit number; the device approves with it and the sign-in continues", async () => {
    const { browser, interaction, waiting } = await signInWaitingForPush();
    const number = numberOn(waiting.html);
    assert.ok(number, "Number to match is shown");
    const phone = await device();
    const page = await phone.send("/device");
    assert.match(page.html, /<label for="number-[^"]+">Number shown on the sign-in screen<\/label>/);
    assert.ok(!page.html.includes(`>${number}<`), "the device does not show the number");
    const [id] = requestIdsOn(page.html);
    assert.ok(id);
    assert.match(page.html, new RegExp(`aria-describedby="request-${id}">Approve<`));

    const approve = await phone.send(`/device/requests/${id}/approve`, { number });
    assert.equal(approve.location, "/device?done=approved");
    assert.match((await phone.send(approve.location)).html, /role="status">Approved/);

    const done = await browser.send(`${interaction}/push/complete`, {});
    assert.equal(done.status, 303);
    assert.equal(new URL(done.location, idp.issuer).pathname, `/auth/${interaction.split("/").pop()}`);
  });

  it("a completion posted twice (the button racing the poll) follows the first instead of showing an error", async () => {
    const { browser, interaction, waiting } = await signInWaitingForPush();
    const phone = await device();
    const [id] = requestIdsOn((await phone.send("/device")).html);
    await phone.send(`/device/requests/${id}/approve`, { number: numberOn(waiting.html) ?? "" });
    const [first, second] = await Promise.all([1, 2].map(() => browser.send(`${interaction}/push/complete`, {})));
    const resume = `/auth/${interaction.split("/").pop()}`;
    for (const response of [first, second]) {
      assert.equal(response?.status, 303);
      assert.equal(new URL(response?.location ?? "", idp.issuer).pathname, resume);
    }
    const reload = await browser.send(`${interaction}/push`);
    assert.equal(new URL(reload.location, idp.issuer).pathname, resume, "reloading the waiting page follows too");
  });

  it("a wrong number denies the request: the device and the sign-in page say so", async () => {
    const { browser, interaction, waiting } = await signInWaitingForPush();
    const number = Number(numberOn(waiting.html));
    const phone = await device();
    const [id] = requestIdsOn((await phone.send("/device")).html);
    const wrong = await phone.send(`/device/requests/${id}/approve`, { number: String(number === 99 ? 10 : number + 1) });
    assert.equal(wrong.location, "/device?done=wrong_number");
    assert.match((await phone.send(wrong.location)).html, /role="alert">That was not the number on the sign-in screen, so the request was denied/);

    const status = await browser.send(`${interaction}/push/status`);
    assert.deepEqual(JSON.parse(status.html), { status: "wrong_number" });
    const complete = await browser.send(`${interaction}/push/complete`, {});
    assert.equal(complete.status, 400);
    assert.match(complete.html, /role="alert">The number typed on your device did not match the one shown here, so the request was denied/);
    assert.match(complete.html, />Send a new request</);
  });

  it("Deny needs no number", async () => {
    const { browser, interaction } = await signInWaitingForPush();
    const phone = await device();
    const [id] = requestIdsOn((await phone.send("/device")).html);
    assert.equal((await phone.send(`/device/requests/${id}/deny`, {})).location, "/device?done=denied");
    assert.match((await browser.send(`${interaction}/push/complete`, {})).html, /denied on your device/);
  });

  it("a fourth waiting request for one account is refused with a clear message and reaches no device", async () => {
    const phone = await device();
    for (const id of requestIdsOn((await phone.send("/device")).html)) await phone.send(`/device/requests/${id}/deny`, {});
    for (let n = 1; n <= 3; n += 1) assert.equal((await signInWaitingForPush()).sent.status, 303);
    const fourth = await signInWaitingForPush();
    assert.equal(fourth.sent.status, 429);
    assert.match(fourth.sent.html, /role="alert">Your device already has 3 sign-in requests waiting, so no new one was sent/);
    assert.equal(numberOn(fourth.sent.html), undefined);
    assert.equal(requestIdsOn((await phone.send("/device")).html).length, 3);
  });

  it("another account's device can neither see nor answer the request: approving or denying it by id leaves it untouched", async () => {
    const phone = await device();
    for (const waitingId of requestIdsOn((await phone.send("/device")).html)) await phone.send(`/device/requests/${waitingId}/deny`, {});
    const { browser, interaction, waiting } = await signInWaitingForPush();
    const number = numberOn(waiting.html) ?? "";
    const [id] = requestIdsOn((await phone.send("/device")).html);
    assert.ok(id);

    const bobsPhone = await device(BOB);
    assert.deepEqual(requestIdsOn((await bobsPhone.send("/device")).html), [], "bob's device lists nothing of alice's");
    // bob knows the id and even the number: through Fabrikam Verify's own forms, both answers are refused.
    const approve = await bobsPhone.send(`/device/requests/${id}/approve`, { number });
    assert.equal(approve.location, "/device?done=gone");
    assert.match((await bobsPhone.send(approve.location)).html, /role="status">That request is no longer waiting \(answered, expired or not yours\)/);
    assert.equal((await bobsPhone.send(`/device/requests/${id}/deny`, {})).location, "/device?done=gone");

    // Untouched: still pending for the sign-in, still on alice's device, and alice's own approval still works.
    assert.deepEqual(JSON.parse((await browser.send(`${interaction}/push/status`)).html), { status: "pending" });
    assert.deepEqual(requestIdsOn((await phone.send("/device")).html), [id]);
    assert.equal((await phone.send(`/device/requests/${id}/approve`, { number })).location, "/device?done=approved");
    const done = await browser.send(`${interaction}/push/complete`, {});
    assert.equal(done.status, 303);
    assert.equal(new URL(done.location, idp.issuer).pathname, `/auth/${interaction.split("/").pop()}`);
  });
});

describe("push approval while the password and code lock holds", () => {
  let idp: RunningIdp;
  before(async () => {
    idp = await startIdp({ env: { IDP_APP_ORIGINS: APP_ORIGIN } });
  });
  after(() => idp?.stop());

  it("a device already signed in still approves a step-up (the lock guards what can be guessed)", async () => {
    const phone = new IdpBrowser(idp.issuer);
    assert.equal((await phone.send("/account/login", { next: "/device", ...ALICE, code: currentTotp(ALICE.totpSecret) })).status, 303);
    const session = await scriptedLogin({
      issuer: idp.issuer,
      clientId: DEFAULT_CLIENT_ID,
      clientSecret: DEV_DEFAULTS.clientSecret,
      redirectUri: `${APP_ORIGIN}/auth/callback`,
      scope: "openid",
      ...ALICE,
    });
    // Someone who knows the username locks it.
    const attacker = new IdpBrowser(idp.issuer);
    const attack = await attacker.startSignIn({ clientId: DEFAULT_CLIENT_ID, redirectUri: `${APP_ORIGIN}/auth/callback` });
    for (let i = 1; i <= 5; i += 1) await attacker.send(`${attack}/login`, { username: "alice", password: `guess-${i}` });
    assert.match((await attacker.send(`${attack}/login`, ALICE)).html, /locked for/);

    const browser = new IdpBrowser(idp.issuer, session.cookies);
    const interaction = await browser.startSignIn({ clientId: DEFAULT_CLIENT_ID, redirectUri: `${APP_ORIGIN}/auth/callback`, acrValues: ACR_MFA });
    const waiting = await browser.follow((await browser.send(`${interaction}/push`, {})).location);
    const [id] = requestIdsOn((await phone.send("/device")).html);
    assert.equal((await phone.send(`/device/requests/${id}/approve`, { number: numberOn(waiting.html) ?? "" })).location, "/device?done=approved");
    const done = await browser.send(`${interaction}/push/complete`, {});
    assert.equal(done.status, 303, "the push finished the step-up");
  });
});
