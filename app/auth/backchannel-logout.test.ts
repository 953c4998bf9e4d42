/**
 * OIDC Back-Channel Logout against the REAL dev IdP: its logout tokens reach the intranet's route handler (through a
 * port-0 server the IdP's backchannel_logout_uri points at), end the sessions bound to the provider session, and the
 * next request asks for the password. Every kind of bad token is refused with 400 and a sentence, changing nothing;
 * the variants are signed with the IdP's own key (read from its data directory) unless the signature is the point.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { type CryptoKey, type JWTPayload, SignJWT, UnsecuredJWT } from "jose";
import { appCookies } from "@/lib/auth/cookies";
import { readSession } from "@/lib/auth/dal";
import { BACKCHANNEL_LOGOUT_EVENT, LOGOUT_TOKEN_CLOCK_SKEW_SECONDS, LOGOUT_TOKEN_MAX_AGE_SECONDS } from "@/lib/auth/logout-token";
import { config } from "@/lib/config";
import { appDb } from "@/lib/db/app-db";
import { whileSessionEndsFail } from "@/testing/failing-session-ends";
import { newSigningKey } from "@/testing/hostile-provider";
import { IdpBrowser } from "@/testing/idp-browser";
import { ALICE, BOB, type IdpUser } from "@/testing/idp-sign-in";
import { APP_BASE_URL, IntranetBrowser, locationOf, startIdpForIntranet } from "@/testing/intranet-routes";
import { IntranetPerson, idpSigningKey, type PushReceiver, startPushReceiver } from "@/testing/provider-push";
import type { RunningIdp } from "@/testing/start-idp";
import * as backchannelRoute from "./backchannel-logout/route";
import { GET as callback } from "./callback/route";
import { GET as login } from "./login/route";
import { POST as logout } from "./logout/route";

const { POST: backchannelLogout } = backchannelRoute;
const _REDIRECT_URI = `${APP_BASE_URL}/auth/callback`;
const FORM = "application/x-www-form-urlencoded";
const nowSeconds = () => Math.floor(Date.now() / 1000);

let receiver: PushReceiver;
let idp: RunningIdp;
let idpKey: { kid: string; privateKey: CryptoKey };

before(async () => {
  receiver = await startPushReceiver(backchannelLogout);
  const dataDir = await mkdtemp(join(tmpdir(), "fabrikam-idp-bcl-"));
  idp = await startIdpForIntranet({ IDP_DATA_DIR: dataDir, IDP_BACKCHANNEL_LOGOUT_URI: `${receiver.origin}/auth/backchannel-logout` });
  idpKey = await idpSigningKey(dataDir);
});
after(async () => {
  await idp?.stop();
  await receiver?.close();
});

/** A person with an intranet browser and an IdP session of their own. */
class Person extends IntranetPerson {
  constructor(user: IdpUser) {
    super(user, () => idp, { login, callback });
  }

  /** The intranet's record of the current session. */
  async row() {
    const session = await this.session();
    assert.ok(session, `${this.user.username} is signed in`);
    return rowOf(session.sid);
  }

  /** Signs out at the IdP's own end-session page, answering "Sign out" (no intranet involved). */
  async signOutAtIdp(): Promise<void> {
    const browser = new IdpBrowser(idp.issuer, this.idpCookies);
    const page = await browser.send("/session/end");
    assert.equal(page.status, 200);
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(page.html)?.[1];
    assert.ok(xsrf, "the end-session page carries its xsrf form");
    const done = await browser.send("/session/end/confirm", { xsrf, logout: "yes" });
    assert.equal(done.status, 303);
  }
}

async function rowOf(sid: string) {
  const { rows } = await (await appDb()).query<{
    sid: string;
    sub: string;
    idp_sid: string | null;
    ended_at: string | number | null;
    end_reason: string | null;
  }>("SELECT sid, sub, idp_sid, ended_at, end_reason FROM intranet_sessions WHERE sid = $1", [sid]);
  const [row] = rows;
  assert.ok(row, `session ${sid} is recorded`);
  return row;
}

/** A logout token as the IdP would sign it, with `claims` changed (undefined deletes one) and `header` on top. */
function logoutToken(target: { sub?: string; sid?: string }, claims: JWTPayload = {}, header: Record<string, string> = {}, key = idpKey): Promise<string> {
  const payload: JWTPayload = {
    iss: idp.issuer,
    aud: config().clientId,
    iat: nowSeconds(),
    exp: nowSeconds() + 120,
    jti: randomUUID(),
    events: { [BACKCHANNEL_LOGOUT_EVENT]: {} },
    ...target,
    ...claims,
  };
  const defined = Object.fromEntries(Object.entries(payload).filter(([, value]) => value !== undefined));
  return new SignJWT(defined).setProtectedHeader({ alg: "RS256", kid: key.kid, typ: "logout+jwt", ...header }).sign(key.privateKey);
}

const post = (body: string, contentType = FORM) =>
  new IntranetBrowser().call(backchannelLogout, "/auth/backchannel-logout", { method: "POST", headers: { "content-type": contentType }, body });
const postToken = (token: string) => post(new URLSearchParams({ logout_token: token }).toString());

async function assertRefused(response: Response, sentence: RegExp) {
  assert.equal(response.status, 400);
  assert.equal(response.headers.get("cache-control"), "no-store");
  const body = (await response.json()) as { error: string; error_description: string };
  assert.equal(body.error, "invalid_request");
  assert.match(body.error_description, sentence);
  assert.match(body.error_description, /^[A-Z].*\.$/, "a plain sentence");
}

describe("signing out at the provider", () => {
  it("its own end-session page notifies the intranet, which ends the session; the next request asks for the password", async () => {
    const alice = new Person(ALICE);
    await alice.signIn("/directory");
    const before = await alice.row();
    assert.ok(before.idp_sid, "the provider's sid is recorded with the session");
    const stolen = alice.browser.copy();
    const deliveries = receiver.delivered.length;

    await alice.signOutAtIdp();

    assert.deepEqual(receiver.delivered.slice(deliveries), [{ status: 200, body: "" }], `one logout token, accepted\n${idp.output()}`);
    const after = await rowOf(before.sid);
    assert.equal(after.end_reason, "backchannel_logout");
    assert.ok(after.ended_at !== null);
    assert.equal(await alice.session(), undefined, "the cookie reads as signed out");
    assert.equal(await readSession({ get: () => ({ value: stolen.cookie(appCookies(false).session.name) ?? "" }) }), undefined);
    // The next request for a page starts a sign-in that shows the IdP's password page again.
    await alice.signIn("/directory");
    assert.deepEqual(alice.pagesSeen.slice(0, 1), ["login"]);
  });

  it("after a step-up the provider's sid moves to the new session, which the logout then ends", async () => {
    const alice = new Person(ALICE);
    await alice.signIn("/directory");
    const first = await alice.row();
    await alice.signIn("/salary");
    const second = await alice.row();
    assert.notEqual(second.sid, first.sid);
    assert.equal(second.idp_sid, first.idp_sid, "the same provider session");
    await alice.signOutAtIdp();
    assert.equal((await rowOf(second.sid)).end_reason, "backchannel_logout");
    assert.equal((await rowOf(first.sid)).end_reason, "replaced");
    assert.equal(await alice.session(), undefined);
  });

  it("ends only that provider session's intranet sessions: another user's, and the same user's elsewhere, go on", async () => {
    const alice = new Person(ALICE);
    const aliceElsewhere = new Person(ALICE);
    const bob = new Person(BOB);
    await Promise.all([alice.signIn(), aliceElsewhere.signIn(), bob.signIn()]);
    await alice.signOutAtIdp();
    assert.equal(await alice.session(), undefined);
    assert.ok(await aliceElsewhere.session(), "another browser's provider session was not ended");
    assert.ok(await bob.session());
  });

  it("after the intranet's own sign-out, the provider's notice finds nothing left to end and is still answered 200", async () => {
    const alice = new Person(ALICE);
    await alice.signIn();
    const { sid } = await alice.row();
    const signedOut = await alice.browser.call(logout, "/auth/logout", { method: "POST", headers: { origin: APP_BASE_URL } });
    const deliveries = receiver.delivered.length;
    const atIdp = new IdpBrowser(idp.issuer, alice.idpCookies);
    const end = locationOf(signedOut);
    const page = await atIdp.send(end.pathname + end.search);
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(page.html)?.[1];
    assert.ok(xsrf);
    await atIdp.send("/session/end/confirm", { xsrf, logout: "yes" });
    assert.deepEqual(
      receiver.delivered.slice(deliveries).map((d) => d.status),
      [200],
    );
    assert.equal((await rowOf(sid)).end_reason, "signed_out", "the intranet's own reason stays");
  });
});

describe("a logout token from the provider", () => {
  it("with only sub ends every session of that user, and no one else's", async () => {
    const alice = new Person(ALICE);
    const aliceElsewhere = new Person(ALICE);
    const bob = new Person(BOB);
    await Promise.all([alice.signIn(), aliceElsewhere.signIn(), bob.signIn()]);
    const response = await postToken(await logoutToken({ sub: "alice" }));
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("cache-control"), "no-store");
    assert.equal(await alice.session(), undefined);
    assert.equal(await aliceElsewhere.session(), undefined);
    assert.ok(await bob.session());
  });

  it("naming a sid with another user's sub ends nothing", async () => {
    const alice = new Person(ALICE);
    await alice.signIn();
    const { idp_sid } = await alice.row();
    assert.ok(idp_sid);
    assert.equal((await postToken(await logoutToken({ sub: "bob", sid: idp_sid }))).status, 200);
    assert.ok(await alice.session());
  });

  it("delivered twice: the first ends the session, the replay is refused", async () => {
    const alice = new Person(ALICE);
    await alice.signIn();
    const { sid, idp_sid } = await alice.row();
    assert.ok(idp_sid);
    const token = await logoutToken({ sub: "alice", sid: idp_sid });
    assert.equal((await postToken(token)).status, 200);
    assert.equal((await rowOf(sid)).end_reason, "backchannel_logout");
    // Alice signs in again in the same provider session: a replayed copy must not end that one.
    await alice.signIn();
    await assertRefused(await postToken(token), /already used/);
    assert.ok(await alice.session());
  });

  it("a token the intranet could not act on is 503 and given back: sent again, it ends the session", async () => {
    const alice = new Person(ALICE);
    await alice.signIn();
    const { idp_sid } = await alice.row();
    assert.ok(idp_sid);
    const token = await logoutToken({ sub: "alice", sid: idp_sid });
    await whileSessionEndsFail(await appDb(), async () => {
      const failed = await postToken(token);
      assert.equal(failed.status, 503);
      assert.equal(((await failed.json()) as { error: string }).error, "temporarily_unavailable");
    });
    assert.ok(await alice.session(), "nothing ended while the database refused");
    assert.equal((await postToken(token)).status, 200, "not a replay: it was never acted on");
    assert.equal(await alice.session(), undefined);
  });
});

describe("refusals: 400 with a sentence, and no session changed", () => {
  let alice: Person;
  let target: { sub: string; sid: string };
  before(async () => {
    alice = new Person(ALICE);
    await alice.signIn();
    const row = await alice.row();
    assert.ok(row.idp_sid);
    target = { sub: "alice", sid: row.idp_sid };
  });

  const cases: [string, () => Promise<Response>, RegExp][] = [
    [
      "signed by another key with the provider's kid",
      async () => postToken(await logoutToken(target, {}, {}, { ...(await newSigningKey(idpKey.kid)) })),
      /not signed with a key of the identity provider/,
    ],
    [
      "signed by a key the provider does not publish",
      async () => postToken(await logoutToken(target, {}, {}, await newSigningKey("unknown-kid"))),
      /not signed with a key/,
    ],
    [
      "alg none",
      async () =>
        postToken(
          new UnsecuredJWT({
            ...target,
            iss: idp.issuer,
            aud: config().clientId,
            iat: nowSeconds(),
            jti: randomUUID(),
            events: { [BACKCHANNEL_LOGOUT_EVENT]: {} },
          }).encode(),
        ),
      /algorithm/,
    ],
    ["another issuer", async () => postToken(await logoutToken(target, { iss: "https://evil.example" })), /not issued by the identity provider/],
    ["another audience", async () => postToken(await logoutToken(target, { aud: "another-client" })), /not addressed to this site/],
    ["no iat", async () => postToken(await logoutToken(target, { iat: undefined })), /issue time/],
    [
      "an old iat",
      async () =>
        postToken(await logoutToken(target, { iat: nowSeconds() - LOGOUT_TOKEN_MAX_AGE_SECONDS - LOGOUT_TOKEN_CLOCK_SKEW_SECONDS - 5, exp: undefined })),
      /issue time/,
    ],
    ["an iat in the future", async () => postToken(await logoutToken(target, { iat: nowSeconds() + 600 })), /issue time/],
    ["expired", async () => postToken(await logoutToken(target, { exp: nowSeconds() - LOGOUT_TOKEN_CLOCK_SKEW_SECONDS - 5 })), /expired/],
    ["another typ", async () => postToken(await logoutToken(target, {}, { typ: "at+jwt" })), /not a logout token/],
    ["no events", async () => postToken(await logoutToken(target, { events: undefined })), /back-channel logout event/],
    [
      "another event",
      async () => postToken(await logoutToken(target, { events: { "http://schemas.openid.net/event/other": {} } })),
      /back-channel logout event/,
    ],
    [
      "the event member is not an object",
      async () => postToken(await logoutToken(target, { events: { [BACKCHANNEL_LOGOUT_EVENT]: "yes" } })),
      /back-channel logout event/,
    ],
    ["neither sid nor sub", async () => postToken(await logoutToken({}, {})), /neither a session/],
    ["a nonce", async () => postToken(await logoutToken(target, { nonce: "n-0123456789" })), /nonce/],
    ["no jti", async () => postToken(await logoutToken(target, { jti: undefined })), /identifier \(jti\)/],
    ["not a JWT", () => postToken("not-a-jwt"), /not a signed JWT/],
    ["no logout_token", () => post("token=abc"), /exactly one logout_token/],
    ["two logout_tokens", async () => post(`logout_token=${await logoutToken(target)}&logout_token=${await logoutToken(target)}`), /exactly one logout_token/],
    ["JSON instead of a form", async () => post(JSON.stringify({ logout_token: await logoutToken(target) }), "application/json"), /as a form/],
  ];
  for (const [name, send, sentence] of cases) {
    it(name, async () => {
      await assertRefused(await send(), sentence);
      const row = await alice.row();
      assert.equal(row.ended_at, null, "the session was not ended");
      assert.ok(await alice.session());
    });
  }

  it("a real ID token from the same provider is refused (no jti, no logout event, a nonce)", async () => {
    const { rows } = await (await appDb()).query<{ id_token: string }>("SELECT id_token FROM intranet_sessions WHERE sid = $1", [(await alice.row()).sid]);
    const idToken = rows[0]?.id_token;
    assert.ok(idToken);
    await assertRefused(await postToken(idToken), /jti|logout token|logout event/);
    assert.ok(await alice.session());
  });

  it("GET is not handled: the module answers POST only (Next.js gives other methods a 405)", () => {
    assert.deepEqual(Object.keys(backchannelRoute), ["POST"]);
  });
});
