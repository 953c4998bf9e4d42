/**
 * The sign-in, callback and sign-out route handlers against the real dev IdP, called in-process with a browser's
 * cookie jar (testing/intranet-routes.ts). What the e2e suite shows through a browser, proven here case by case.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import { decodeJwt } from "jose";
import { appCookies } from "@/lib/auth/cookies";
import { readSession } from "@/lib/auth/dal";
import { sealLoginTransaction, unsealLoginTransaction } from "@/lib/auth/login-state";
import { config } from "@/lib/config";
import { readPendingTransfer, savePendingTransfer } from "@/lib/transfers/pending-transfer";
import type { CookieJar } from "@/testing/cookie-jar";
import { ALICE, BOB, type IdpUser, signInAtIdp } from "@/testing/idp-sign-in";
import { APP_BASE_URL, IntranetBrowser, locationOf, startIdpForIntranet } from "@/testing/intranet-routes";
import type { RunningIdp } from "@/testing/start-idp";
import { GET as callback } from "./callback/route";
import { GET as login } from "./login/route";
import { POST as logout } from "./logout/route";

const REDIRECT_URI = `${APP_BASE_URL}/auth/callback`;
const cookies = appCookies(false);

let idp: RunningIdp;
before(async () => {
  idp = await startIdpForIntranet();
});
after(async () => {
  await idp?.stop();
});

/** A browser with an IdP session of its own; `signIn` goes through login → IdP → callback. */
class Person {
  readonly browser = new IntranetBrowser();
  idpCookies: CookieJar = [];
  constructor(readonly user: IdpUser) {}

  /** Starts at /auth/login?returnTo=…, signs in at the IdP as `as`, and returns the callback's response. */
  async signIn(returnTo: string, as: IdpUser = this.user): Promise<Response> {
    const started = await this.browser.call(login, `/auth/login?returnTo=${encodeURIComponent(returnTo)}`);
    assert.equal(started.status, 303);
    const atIdp = await signInAtIdp(locationOf(started), REDIRECT_URI, as, { cookies: this.idpCookies });
    this.idpCookies = atIdp.cookies;
    return this.browser.call(callback, atIdp.callbackUrl);
  }

  session() {
    return readSession(jarOf(this.browser));
  }
}

const jarOf = (browser: IntranetBrowser) => ({
  get: (name: string) => {
    const value = browser.cookie(name);
    return value === undefined ? undefined : { value };
  },
});

describe("sign-in and its callback", () => {
  it("lands on returnTo with a new session recorded server-side, and forgets the transaction", async () => {
    const alice = new Person(ALICE);
    const done = await alice.signIn("/directory?team=hr");
    assert.equal(done.status, 303);
    assert.equal(locationOf(done).href, `${APP_BASE_URL}/directory?team=hr`);
    const session = await alice.session();
    assert.equal(session?.sub, "alice");
    assert.deepEqual(
      alice.browser.cookies.filter((c) => c.name.startsWith("fabrikam_txn_")),
      [],
      "the transaction cookie is cleared by the callback",
    );
  });

  it("the /.//evil.example/phish returnTo lands on the app's home page (the open redirect, closed)", async () => {
    const alice = new Person(ALICE);
    const done = await alice.signIn("/.//evil.example/phish");
    assert.equal(locationOf(done).href, `${APP_BASE_URL}/`);
  });

  // Invariant: whatever returnTo a link carries, the callback's Location is on the app's origin.
  it("property: for any returnTo, the callback's Location is on the app's origin", async () => {
    const alice = new Person(ALICE);
    await alice.signIn("/");
    const hostile = fc.array(fc.constantFrom("/", "//", "\\", ".", "..", "%2e", "%2f", "evil.example", "\t", "@", "https:", "?", "#"), { maxLength: 8 });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          hostile.map((parts) => parts.join("")),
          fc.string({ maxLength: 40 }),
          fc.webUrl(),
        ),
        async (returnTo) => {
          // The IdP session exists: each round trip is redirects only.
          const done = await alice.signIn(returnTo);
          assert.equal(done.status, 303);
          assert.equal(locationOf(done).origin, APP_BASE_URL, `returnTo ${JSON.stringify(returnTo)}`);
        },
      ),
      { numRuns: 40 },
    );
  });

  it("every sign-in gets a new session id, and the replaced cookie stops working", async () => {
    const alice = new Person(ALICE);
    await alice.signIn("/");
    const first = await alice.session();
    const stolen = alice.browser.copy();
    assert.ok(first?.authTime !== undefined);
    // auth_time has one-second resolution: let the clock pass the sign-in's second, so "newer" can be strict.
    while (Math.floor(Date.now() / 1000) <= first.authTime) await new Promise((resolve) => setTimeout(resolve, 50));
    await alice.signIn("/salary");
    const second = await alice.session();
    assert.ok(second);
    assert.notEqual(second.sid, first.sid);
    assert.equal(await readSession(jarOf(stolen)), undefined, "the copy from before the step-up is refused");
    assert.ok(second.authTime !== undefined && second.authTime > first.authTime, "the step-up's auth_time is strictly newer than the sign-in's");
    assert.ok(second.amr.includes("otp"), "the salary step-up asked for and got a one-time code");
  });
});

describe("the login transaction cookie (login CSRF defence)", () => {
  async function startedLogin() {
    const alice = new Person(ALICE);
    const started = await alice.browser.call(login, "/auth/login?returnTo=/directory");
    const atIdp = await signInAtIdp(locationOf(started), REDIRECT_URI, ALICE, { cookies: alice.idpCookies });
    const state = atIdp.callbackUrl.searchParams.get("state") ?? "";
    return { alice, callbackUrl: atIdp.callbackUrl, state };
  }

  it("a callback without its transaction cookie ends on transaction_missing and signs nobody in", async () => {
    const { alice, callbackUrl, state } = await startedLogin();
    alice.browser.cookies = alice.browser.cookies.filter((c) => c.name !== cookies.loginTransaction(state).name);
    const done = await alice.browser.call(callback, callbackUrl);
    assert.equal(locationOf(done).href, `${APP_BASE_URL}/auth/error?code=transaction_missing`);
    assert.equal(await alice.session(), undefined);
  });

  it("another state's cookie, a tampered cookie and a foreign-secret cookie all read as missing", async () => {
    const { state } = await startedLogin();
    const secret = config().sessionSecret;
    const txn = { state, nonce: "n".repeat(16), codeVerifier: "v".repeat(43), returnTo: "/", purpose: "sign_in" as const, scope: "openid" };
    const sealed = await sealLoginTransaction(txn, secret);
    assert.ok(await unsealLoginTransaction(sealed, state, secret));
    assert.equal(await unsealLoginTransaction(sealed, `${state.slice(1)}x`, secret), undefined, "another state");
    assert.equal(
      await unsealLoginTransaction(`${sealed.slice(0, 40)}${sealed[40] === "a" ? "b" : "a"}${sealed.slice(41)}`, state, secret),
      undefined,
      "tampered",
    );
    assert.equal(
      await unsealLoginTransaction(await sealLoginTransaction(txn, "another-secret-0123456789-abcdefghijkl"), state, secret),
      undefined,
      "foreign secret",
    );
  });

  it("an expired transaction cookie reads as missing", async (t) => {
    const { state } = await startedLogin();
    const secret = config().sessionSecret;
    const sealed = await sealLoginTransaction(
      { state, nonce: "n".repeat(16), codeVerifier: "v".repeat(43), returnTo: "/", purpose: "sign_in", scope: "openid" },
      secret,
    );
    // Eleven minutes later (the seal lives ten, with a minute of clock skew allowed).
    t.mock.timers.enable({ apis: ["Date"], now: Date.now() + 11 * 60_000 + 61_000 });
    assert.equal(await unsealLoginTransaction(sealed, state, secret), undefined);
  });

  it("a transaction cannot even be sealed with a returnTo that is not a local path", async () => {
    const secret = config().sessionSecret;
    const txn = { state: "s".repeat(16), nonce: "n".repeat(16), codeVerifier: "v".repeat(43), purpose: "sign_in" as const, scope: "openid" };
    for (const returnTo of ["//evil.example", "/\\evil.example", "https://evil.example/", "/./x"]) {
      await assert.rejects(sealLoginTransaction({ ...txn, returnTo }, secret), JSON.stringify(returnTo));
    }
  });
});

describe("step-up as another account", () => {
  it("is refused (account_mismatch): the first user's session is kept, unchanged", async () => {
    const alice = new Person(ALICE);
    await alice.signIn("/");
    const before = await alice.session();
    // A fresh IdP session, so the provider shows its password page and someone else signs in there.
    alice.idpCookies = [];
    const done = await alice.signIn("/salary", BOB);
    assert.equal(locationOf(done).href, `${APP_BASE_URL}/auth/error?code=account_mismatch`);
    const after = await alice.session();
    assert.deepEqual(after, before);
  });
});

describe("the server-side session check", () => {
  it("refuses an ended (signed-out), idle, foreign or other-user session", async () => {
    const alice = new Person(ALICE);
    await alice.signIn("/");
    const session = await alice.session();
    assert.ok(session);
    const now = Math.floor(Date.now() / 1000);
    assert.equal(await readSession(jarOf(alice.browser), now + config().sessionIdleTimeout + 61), undefined, "idle");
    // A cookie sealed by someone with another secret (another deployment) is not ours.
    const sealedElsewhere = await (await import("@/lib/auth/session")).sealSession(session, "another-secret-0123456789-abcdefghijkl", now);
    assert.equal(await readSession({ get: () => ({ value: sealedElsewhere }) }), undefined, "foreign");
    // The same seal claiming another subject: the record is bound to (sid, sub).
    const sealedForBob = await (await import("@/lib/auth/session")).sealSession({ ...session, sub: "bob" }, config().sessionSecret, now);
    assert.equal(await readSession({ get: () => ({ value: sealedForBob }) }), undefined, "other user");
    const signedOut = await alice.browser.call(logout, "/auth/logout", { method: "POST", headers: { origin: APP_BASE_URL } });
    assert.equal(signedOut.status, 303);
    assert.equal(await readSession({ get: () => ({ value: alice.browser.cookie(cookies.session.name) ?? "" }) }), undefined);
  });
});

describe("sign-out", () => {
  it("from another origin is refused with 403, and the session goes on", async () => {
    const alice = new Person(ALICE);
    await alice.signIn("/");
    const refused = await alice.browser.call(logout, "/auth/logout", { method: "POST", headers: { origin: "https://evil.example" } });
    assert.equal(refused.status, 403);
    assert.match(((await refused.json()) as { error_description: string }).error_description, /must come from this site/);
    assert.ok(await alice.session());
  });

  it("ends the session, clears its cookies, and hints the provider with this session's ID token", async () => {
    const alice = new Person(ALICE);
    await alice.signIn("/");
    const session = await alice.session();
    assert.ok(session);
    const stolen = alice.browser.copy();
    const done = await alice.browser.call(logout, "/auth/logout", { method: "POST", headers: { origin: APP_BASE_URL } });
    const destination = locationOf(done);
    assert.equal(destination.origin, idp.issuer);
    assert.equal(destination.searchParams.get("post_logout_redirect_uri"), `${APP_BASE_URL}/`);
    const hint = destination.searchParams.get("id_token_hint");
    assert.ok(hint, "id_token_hint is sent");
    assert.equal(decodeJwt(hint).sub, "alice");
    assert.equal(alice.browser.cookie(cookies.session.name), undefined);
    assert.equal(await readSession(jarOf(stolen)), undefined, "a copy of the cookie is useless after sign-out");
    // With the hint the provider ends its session unasked, so the home page may say both sessions ended.
    assert.equal(alice.browser.cookie(cookies.flash.name), "signed_out_everywhere");
  });
});

describe("a pending transfer", () => {
  const pending = (sid: string) => ({
    sid,
    from: "acc_a",
    to: "acc_b",
    fromLabel: "Checking",
    toLabel: "Bob",
    amount: "3.21",
    idempotencyKey: crypto.randomUUID(),
    reason: "",
  });

  /** Alice signed in with a transfer kept for her session, as the transfer action leaves it before a step-up. */
  async function aliceWithPendingTransfer() {
    const alice = new Person(ALICE);
    await alice.signIn("/");
    const first = await alice.session();
    assert.ok(first);
    await savePendingTransfer({ set: (name, value) => void alice.browser.cookies.push({ name, value, path: "/" }) }, pending(first.sid));
    return { alice, first };
  }

  it("follows its user through a step-up to the new session id, and no further than sign-out", async () => {
    const { alice, first } = await aliceWithPendingTransfer();
    await alice.signIn("/salary");
    const second = await alice.session();
    assert.ok(second && second.sid !== first.sid);
    assert.equal((await readPendingTransfer(jarOf(alice.browser), second.sid))?.amount, "3.21", "carried to the step-up's session");
    assert.equal(await readPendingTransfer(jarOf(alice.browser), first.sid), undefined, "bound to the new id only");
    const kept = alice.browser.copy();
    await alice.browser.call(logout, "/auth/logout", { method: "POST", headers: { origin: APP_BASE_URL } });
    assert.equal(alice.browser.cookie(cookies.pendingTransfer.name), undefined, "sign-out clears it");
    // Even a browser that kept the cookie does not get it offered after signing in again.
    const again = new Person(ALICE);
    again.browser.cookies = kept.cookies.filter((c) => c.name === cookies.pendingTransfer.name);
    await again.signIn("/");
    const third = await again.session();
    assert.ok(third);
    assert.equal(await readPendingTransfer(jarOf(again.browser), third.sid), undefined);
  });

  it("is not carried into another user's session", async () => {
    const { alice } = await aliceWithPendingTransfer();
    // Bob signs in at the same browser (a plain sign-in, not a step-up: no account binding applies).
    alice.browser.cookies = alice.browser.cookies.filter((c) => c.name !== cookies.session.name);
    alice.idpCookies = [];
    await alice.signIn("/", BOB);
    const bob = await alice.session();
    assert.equal(bob?.sub, "bob");
    assert.ok(bob);
    assert.equal(await readPendingTransfer(jarOf(alice.browser), bob.sid), undefined);
  });
});
