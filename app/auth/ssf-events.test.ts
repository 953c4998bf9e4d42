/**
 * SSF / CAEP against the REAL dev IdP: the intranet registers its push stream with the IdP's transmitter (a port-0
 * server the stream points at hands deliveries to the route handler in-process), the IdP's account pages send
 * real signed SETs, and the intranet ends or downgrades the user's sessions. Every kind of bad SET is refused with
 * 400 (401 without the stream's Authorization header) and an RFC 8935 `err`, changing nothing; the variants are
 * signed with the IdP's own key (read from its data directory) unless the signature is the point.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { type CryptoKey, type JWTPayload, SignJWT, UnsecuredJWT } from "jose";
import * as client from "openid-client";
import { ASSURANCE_LEVELS, ASSURANCE_NAMESPACE, CAEP_ASSURANCE_LEVEL_CHANGE, CAEP_SESSION_REVOKED, SET_MEDIA_TYPE } from "@/common/ssf";
import { auditEventsOf } from "@/lib/audit/audit-events";
import { oidcConfiguration } from "@/lib/auth/oidc-client";
import { evaluatePolicy, policyForPath } from "@/lib/auth/policy";
import { authStateOf } from "@/lib/auth/session";
import { pushAuthorization } from "@/lib/auth/ssf-push-authorization";
import { SET_CLOCK_SKEW_SECONDS, SET_MAX_AGE_SECONDS } from "@/lib/auth/ssf-set";
import { ensureStream } from "@/lib/auth/ssf-stream";
import { config } from "@/lib/config";
import { appDb } from "@/lib/db/app-db";
import { whileSessionEndsFail } from "@/testing/failing-session-ends";
import { newSigningKey } from "@/testing/hostile-provider";
import { IdpBrowser } from "@/testing/idp-browser";
import { ALICE, BOB, currentTotp, type IdpUser } from "@/testing/idp-sign-in";
import { APP_BASE_URL, IntranetBrowser, startIdpForIntranet } from "@/testing/intranet-routes";
import { IntranetPerson, idpSigningKey, type PushReceiver, startPushReceiver } from "@/testing/provider-push";
import { optionsOnPage, SoftAuthenticator } from "@/testing/soft-authenticator";
import type { RunningIdp } from "@/testing/start-idp";
import { GET as callback } from "./callback/route";
import { GET as login } from "./login/route";
import * as eventsRoute from "./ssf/events/route";

const { POST: receiveEvent } = eventsRoute;
const _REDIRECT_URI = `${APP_BASE_URL}/auth/callback`;
const nowSeconds = () => Math.floor(Date.now() / 1000);

let receiver: PushReceiver;
let eventsUrl: string;
let idp: RunningIdp;
let idpKey: { kid: string; privateKey: CryptoKey };

before(async () => {
  receiver = await startPushReceiver(receiveEvent);
  eventsUrl = `${receiver.origin}/auth/ssf/events`;
  const dataDir = await mkdtemp(join(tmpdir(), "fabrikam-idp-ssf-"));
  // The receiver's origin is one of the client's registered origins: the transmitter delivers nowhere else.
  idp = await startIdpForIntranet({ IDP_DATA_DIR: dataDir, IDP_APP_ORIGINS: receiver.origin });
  idpKey = await idpSigningKey(dataDir);
});
after(async () => {
  await idp?.stop();
  await receiver?.close();
});

/** A person with an intranet browser, an IdP session, and the IdP's account pages. */
class Person extends IntranetPerson {
  constructor(user: IdpUser) {
    super(user, () => idp, { login, callback });
  }

  /** Whether the current session meets the route policy of `path`, as pages and handlers decide it. */
  async meets(path: string) {
    const policy = policyForPath(path);
    assert.ok(policy);
    return evaluatePolicy(policy, authStateOf(await this.session()), nowSeconds(), config().profile);
  }

  /** The IdP's account pages (passkey settings), signed in with the password and a code. */
  async accountPages(): Promise<IdpBrowser> {
    const account = new IdpBrowser(idp.issuer);
    const signedIn = await account.send("/account/login", { next: "/settings", ...this.user, code: currentTotp(this.user.totpSecret) });
    assert.equal(signedIn.status, 303);
    return account;
  }
}

async function rowOf(sid: string) {
  const { rows } = await (await appDb()).query<{ ended_at: string | number | null; end_reason: string | null }>(
    "SELECT ended_at, end_reason FROM intranet_sessions WHERE sid = $1",
    [sid],
  );
  assert.ok(rows[0]);
  return rows[0];
}

/** Waits until the clock has left the second of `epochSeconds` (auth_time and max_age count whole seconds). */
async function pastSecond(epochSeconds: number | undefined): Promise<void> {
  while (nowSeconds() <= (epochSeconds ?? 0)) await new Promise((resolve) => setTimeout(resolve, 50));
}

describe("the stream", () => {
  it("is registered with the real IdP once: registering again finds it", async () => {
    const first = await ensureStream(eventsUrl);
    const again = await ensureStream(eventsUrl);
    assert.equal(again.streamId, first.streamId);
    assert.equal(again.created, false);
  });

  it("cannot be managed without the receiver's ssf:manage token", async () => {
    const endpoint = `${idp.issuer}/ssf/streams`;
    const body = JSON.stringify({ delivery: { method: "urn:ietf:rfc:8935", endpoint_url: eventsUrl }, events_requested: [CAEP_SESSION_REVOKED] });
    for (const authorization of [undefined, "Bearer not-a-token", "Basic Zm9vOmJhcg=="]) {
      const headers: Record<string, string> = { "content-type": "application/json", ...(authorization ? { authorization } : {}) };
      for (const response of [await fetch(endpoint, { method: "POST", headers, body }), await fetch(endpoint, { headers })]) {
        assert.equal(response.status, 401);
        assert.match(response.headers.get("www-authenticate") ?? "", /^Bearer error="invalid_token"/);
      }
    }
    // The intranet's client credentials reach the stream endpoint only: no API token without a user.
    await assert.rejects(
      client.clientCredentialsGrant(await oidcConfiguration(), { scope: "read:accounts", resource: config().apiAudience }),
      (error: unknown) => error instanceof client.ResponseBodyError && error.error === "invalid_target",
    );
  });

  it("refuses a delivery endpoint outside the client's registered origins", async () => {
    const token = await client.clientCredentialsGrant(await oidcConfiguration(), { scope: "ssf:manage", resource: `${idp.issuer}/ssf/streams` });
    const response = await fetch(`${idp.issuer}/ssf/streams`, {
      method: "POST",
      headers: { authorization: `Bearer ${token.access_token}`, "content-type": "application/json" },
      body: JSON.stringify({ delivery: { method: "urn:ietf:rfc:8935", endpoint_url: "http://169.254.169.254/latest" }, events_requested: [] }),
    });
    assert.equal(response.status, 400);
  });
});

describe("events from the IdP's account pages", () => {
  before(() => ensureStream(eventsUrl));

  it("“Sign out of every application” ends every intranet session of that user, and the next sign-in asks for the password", async () => {
    const alice = new Person(ALICE);
    const aliceElsewhere = new Person(ALICE);
    const bob = new Person(BOB);
    await Promise.all([alice.signIn("/directory"), aliceElsewhere.signIn(), bob.signIn()]);
    const session = await alice.session();
    assert.ok(session);
    const deliveries = receiver.delivered.length;

    const account = await alice.accountPages();
    const done = await account.send("/settings/sign-out-everywhere", {});
    assert.equal(done.status, 200);
    assert.match(done.html, /signed out of every application/);

    assert.deepEqual(receiver.delivered.slice(deliveries), [{ status: 202, body: "" }], `one SET, accepted\n${idp.output().slice(-2000)}`);
    assert.equal((await rowOf(session.sid)).end_reason, "caep_session_revoked");
    assert.equal(await alice.session(), undefined);
    assert.equal(await aliceElsewhere.session(), undefined);
    assert.ok(await bob.session(), "another user's session goes on");
    const [latest] = await auditEventsOf(await appDb(), "alice");
    assert.equal(latest?.event, "caep_session_revoked");
    assert.equal(latest?.detail.sessions_ended, 2);
    // The IdP's own session of alice ended too: the password is asked again.
    await alice.signIn("/directory");
    assert.equal(alice.pagesSeen[0], "login");
  });

  it("removing a passkey downgrades the live sessions: /salary asks for a second factor again (password and code), /directory does not", async () => {
    const alice = new Person(ALICE);
    await alice.signIn("/salary");
    const before = await alice.session();
    assert.ok(before?.acr, "signed in with MFA");
    assert.deepEqual(await alice.meets("/salary"), { ok: true });
    const account = await alice.accountPages();
    const passkey = new SoftAuthenticator(idp.issuer);
    const settings = await account.send("/settings");
    assert.equal((await account.send("/settings/passkeys", { response: passkey.register(optionsOnPage(settings.html, "registration-options")) })).status, 303);
    await pastSecond(before.authTime);
    const page = await account.send("/settings");
    const removeAction = /action="(\/settings\/passkeys\/[^"]+\/remove)"/.exec(page.html)?.[1];
    assert.ok(removeAction, "the settings page offers to remove the passkey");
    const deliveries = receiver.delivered.length;

    const removed = await account.send(removeAction, {});
    assert.equal(removed.location, "/settings?done=removed");

    assert.deepEqual(receiver.delivered.slice(deliveries), [{ status: 202, body: "" }], `one SET, accepted\n${idp.output().slice(-2000)}`);
    const after = await alice.session();
    assert.ok(after, "the session goes on");
    assert.equal(after.sid, before.sid);
    assert.equal(after.acr, undefined);
    assert.deepEqual(after.amr, ["pwd"]);
    assert.ok(after.downgrade, "the inspector can say why");
    assert.deepEqual(await alice.meets("/salary"), { ok: false, reason: "mfa_required" });
    assert.deepEqual(await alice.meets("/directory"), { ok: true });
    const [latest] = await auditEventsOf(await appDb(), "alice");
    assert.equal(latest?.event, "caep_assurance_decreased");

    // The step-up asks the provider to authenticate again (max_age since the downgrade), and then it counts.
    await alice.signIn("/salary");
    assert.deepEqual(alice.pagesSeen, ["login", "otp"]);
    const stepped = await alice.session();
    assert.equal(stepped?.downgrade, undefined);
    assert.deepEqual(await alice.meets("/salary"), { ok: true });
  });
});

/** A SET as the IdP would sign it (an assurance decrease for `sub` unless changed), `claims` on top (undefined deletes). */
function securityEvent(sub: string, claims: JWTPayload = {}, header: Record<string, string> = {}, key = idpKey): Promise<string> {
  const payload: JWTPayload = {
    iss: idp.issuer,
    aud: config().clientId,
    iat: nowSeconds(),
    jti: randomUUID(),
    sub_id: { format: "iss_sub", iss: idp.issuer, sub },
    events: {
      [CAEP_ASSURANCE_LEVEL_CHANGE]: {
        event_timestamp: nowSeconds(),
        namespace: ASSURANCE_NAMESPACE,
        current_level: ASSURANCE_LEVELS.password,
        previous_level: ASSURANCE_LEVELS.multiFactor,
        change_direction: "decrease",
      },
    },
    ...claims,
  };
  const defined = Object.fromEntries(Object.entries(payload).filter(([, value]) => value !== undefined));
  return new SignJWT(defined).setProtectedHeader({ alg: "RS256", kid: key.kid, typ: "secevent+jwt", ...header }).sign(key.privateKey);
}

const push = (body: string, headers: Record<string, string> = {}) =>
  new IntranetBrowser().call(receiveEvent, "/auth/ssf/events", {
    method: "POST",
    headers: { "content-type": SET_MEDIA_TYPE, authorization: pushAuthorization(config().sessionSecret), ...headers },
    body,
  });

describe("refusals: an RFC 8935 error, and no session changed", () => {
  let bob: Person;
  before(async () => {
    bob = new Person(BOB);
    await bob.signIn("/salary");
  });

  const revoked = { events: { [CAEP_SESSION_REVOKED]: { event_timestamp: nowSeconds() } } };
  const cases: [string, () => Promise<Response>, number, string, RegExp][] = [
    [
      "signed by another key with the provider's kid",
      async () => push(await securityEvent("bob", {}, {}, await newSigningKey(idpKey.kid))),
      400,
      "invalid_key",
      /not signed with a key/,
    ],
    [
      "signed by a key the provider does not publish",
      async () => push(await securityEvent("bob", {}, {}, await newSigningKey("unknown-kid"))),
      400,
      "invalid_key",
      /not signed with a key/,
    ],
    [
      "alg none",
      async () =>
        push(
          new UnsecuredJWT({
            iss: idp.issuer,
            aud: config().clientId,
            jti: randomUUID(),
            sub_id: { format: "iss_sub", iss: idp.issuer, sub: "bob" },
            ...revoked,
          })
            .setIssuedAt()
            .encode(),
        ),
      400,
      "invalid_key",
      /algorithm/,
    ],
    ["another audience", async () => push(await securityEvent("bob", { aud: "another-client" })), 400, "invalid_audience", /not addressed to this site/],
    [
      "another issuer",
      async () => push(await securityEvent("bob", { iss: "https://evil.example" })),
      400,
      "invalid_issuer",
      /not issued by the identity provider/,
    ],
    [
      "a stale iat",
      async () => push(await securityEvent("bob", { iat: nowSeconds() - SET_MAX_AGE_SECONDS - SET_CLOCK_SKEW_SECONDS - 5 })),
      400,
      "invalid_request",
      /issue time/,
    ],
    ["an iat in the future", async () => push(await securityEvent("bob", { iat: nowSeconds() + 600 })), 400, "invalid_request", /issue time/],
    ["no iat", async () => push(await securityEvent("bob", { iat: undefined })), 400, "invalid_request", /issue time/],
    ["no jti", async () => push(await securityEvent("bob", { jti: undefined })), 400, "invalid_request", /identifier \(jti\)/],
    ["another typ", async () => push(await securityEvent("bob", {}, { typ: "JWT" })), 400, "invalid_request", /Security Event Token/],
    ["no typ", async () => push(await securityEvent("bob", {}, { typ: "" })), 400, "invalid_request", /Security Event Token/],
    [
      "an unknown event type",
      async () => push(await securityEvent("bob", { events: { "https://schemas.openid.net/secevent/caep/event-type/other": {} } })),
      400,
      "invalid_request",
      /not one this site acts on/,
    ],
    [
      "two events",
      async () => push(await securityEvent("bob", { events: { [CAEP_SESSION_REVOKED]: {}, [CAEP_ASSURANCE_LEVEL_CHANGE]: {} } })),
      400,
      "invalid_request",
      /exactly one event/,
    ],
    ["no events", async () => push(await securityEvent("bob", { events: undefined })), 400, "invalid_request", /exactly one event/],
    [
      "an event body that is not an object",
      async () => push(await securityEvent("bob", { events: { [CAEP_SESSION_REVOKED]: "yes" } })),
      400,
      "invalid_request",
      /not a JSON object/,
    ],
    [
      "an assurance change without its direction",
      async () => push(await securityEvent("bob", { events: { [CAEP_ASSURANCE_LEVEL_CHANGE]: { namespace: "NIST-AAL", current_level: "nist-aal1" } } })),
      400,
      "invalid_request",
      /change_direction/,
    ],
    [
      "an unknown subject format",
      async () => push(await securityEvent("bob", { sub_id: { format: "opaque", id: "bob" } })),
      400,
      "invalid_request",
      /subject format/,
    ],
    [
      "iss_sub of another issuer",
      async () => push(await securityEvent("bob", { sub_id: { format: "iss_sub", iss: "https://evil.example", sub: "bob" } })),
      400,
      "invalid_request",
      /another issuer/,
    ],
    ["no subject", async () => push(await securityEvent("bob", { sub_id: undefined })), 400, "invalid_request", /no subject/],
    ["not a JWT", () => push("not-a-jwt"), 400, "invalid_request", /not a signed JWT/],
    [
      "the wrong content type",
      async () => push(await securityEvent("bob"), { "content-type": "application/json" }),
      400,
      "invalid_request",
      /application\/secevent\+jwt/,
    ],
    [
      "a form instead of a SET",
      async () => push(`set=${await securityEvent("bob")}`, { "content-type": "application/x-www-form-urlencoded" }),
      400,
      "invalid_request",
      /application\/secevent\+jwt/,
    ],
    [
      "without the stream's Authorization header",
      async () => push(await securityEvent("bob"), { authorization: "" }),
      401,
      "authentication_failed",
      /Authorization header/,
    ],
    [
      "with another Authorization header",
      async () => push(await securityEvent("bob"), { authorization: "Bearer guessed" }),
      401,
      "authentication_failed",
      /Authorization header/,
    ],
  ];
  for (const [name, send, status, err, sentence] of cases) {
    it(name, async () => {
      const response = await send();
      assert.equal(response.status, status);
      assert.equal(response.headers.get("cache-control"), "no-store");
      const body = (await response.json()) as { err: string; description: string };
      assert.equal(body.err, err);
      assert.match(body.description, sentence);
      assert.match(body.description, /^[A-Z].*\.$/, "a plain sentence");
      const session = await bob.session();
      assert.ok(session, "the session was not ended");
      assert.equal(session.downgrade, undefined, "the session was not downgraded");
      assert.deepEqual(await bob.meets("/salary"), { ok: true });
    });
  }

  it("a replayed SET: the first downgrades, the copy is refused", async () => {
    const carol = new Person(BOB);
    await carol.signIn("/salary");
    await pastSecond((await carol.session())?.authTime);
    const set = await securityEvent("bob");
    assert.equal((await push(set)).status, 202);
    assert.ok((await carol.session())?.downgrade);
    await carol.signIn("/salary");
    const replayed = await push(set);
    assert.equal(replayed.status, 400);
    assert.equal(((await replayed.json()) as { err: string }).err, "invalid_request");
    assert.equal((await carol.session())?.downgrade, undefined, "the copy changed nothing");
  });

  it("a SET the intranet could not act on is 503 and given back: the transmitter's next attempt with it is acted on", async () => {
    const dave = new Person(BOB);
    await dave.signIn("/directory");
    const set = await securityEvent("bob", { events: { [CAEP_SESSION_REVOKED]: { event_timestamp: nowSeconds() } } });
    await whileSessionEndsFail(await appDb(), async () => {
      const failed = await push(set);
      assert.equal(failed.status, 503);
      assert.equal(((await failed.json()) as { err: string }).err, "temporarily_unavailable");
    });
    assert.ok(await dave.session(), "nothing ended while the database refused");
    assert.equal((await push(set)).status, 202, "the same SET again is not a replay: it was never acted on");
    assert.equal(await dave.session(), undefined, "the second attempt ended the session");
    assert.equal((await push(set)).status, 400, "once acted on, a copy is a replay");
  });

  it("GET is not handled: the module answers POST only (Next.js gives other methods a 405)", () => {
    assert.deepEqual(Object.keys(eventsRoute), ["POST"]);
  });
});
