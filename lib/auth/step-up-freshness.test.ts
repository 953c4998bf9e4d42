/**
 * The callback's freshness rules, through the app's own startAuthorization and completeAuthorization, against a
 * provider the test controls (testing/hostile-provider.ts): it can hand back an authentication the real dev IdP
 * never would, such as a cached one after a step-up that demanded a new one.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { AUTH_TIME_CLOCK_TOLERANCE_SECONDS } from "@/common/auth-time";
import { transferDetails } from "@/common/authorization-details";
import { ACR_MFA } from "@/common/step-up";
import { config } from "@/lib/config";
import type { HostileProvider, SigningKey } from "@/testing/hostile-provider";
import { startHostileProviderForIntranet } from "@/testing/intranet-routes";
import { completeAuthorization, startAuthorization } from "./authorize";
import { unsealLoginTransaction } from "./login-state";
import type { Session } from "./session";
import type { StepUpChallenge } from "./step-up-challenge";

const SALARY_MAX_AGE = 900;

let provider: HostileProvider;
let key: SigningKey;

before(async () => {
  ({ provider, key } = await startHostileProviderForIntranet({ SALARY_MFA_MAX_AGE: String(SALARY_MAX_AGE) }));
});
after(() => provider?.close());

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Alice's session with a second factor used at `authTime`. */
function aliceSession(authTime: number): Session {
  const now = nowSeconds();
  return {
    v: 1,
    sid: "0123456789abcdef0123",
    sub: "alice",
    name: "Alice",
    acr: ACR_MFA,
    amr: ["pwd", "otp", "mfa"],
    authTime,
    createdAt: now - 3600,
    expiresAt: now + 3600,
  };
}

/** A step-up as the app runs it (startAuthorization → provider → completeAuthorization), the provider answering `authTime`. */
async function stepUp(returnTo: string, previous: Session, authTime: number, challenge?: StepUpChallenge) {
  const { url, transaction } = await startAuthorization(
    returnTo,
    previous,
    returnTo === "/transfer/confirm"
      ? { transfer: transferDetails({ from: "acc_alice_checking", to: "acc_bob_checking", amount: "1.00" }), challenge }
      : { challenge },
  );
  const txn = await unsealLoginTransaction(transaction.sealed, transaction.state, config().sessionSecret);
  assert.ok(txn);
  assert.ok(txn.maxAge !== undefined && url.searchParams.get("max_age") === String(txn.maxAge), "the step-up does not ask for max_age");
  provider.nextIdToken = await provider.mint(key, { nonce: txn.nonce, auth_time: authTime, acr: ACR_MFA, amr: ["pwd", "otp", "mfa"] });
  return completeAuthorization(await provider.authorize(url), txn, previous);
}

// The API's RFC 9470 challenge after a transfer token's second factor was older than its max_age (300 s).
const CHALLENGE: StepUpChallenge = { acrValues: ACR_MFA, maxAge: 300 };

test("a transfer step-up answered with the same, too old auth_time (a cached authentication) is refused", async () => {
  // Past max_age by one second, yet within max_age + clock skew: only the comparison with the replaced session
  // catches it here (the route policy does not judge a transfer's freshness; the API would challenge again, and a
  // provider answering from its cache would loop the user between the two).
  const previous = aliceSession(nowSeconds() - 301);
  const { shortfall, session } = await stepUp("/transfer/confirm", previous, previous.authTime ?? 0, CHALLENGE);
  assert.equal(shortfall, "stale_authentication");
  assert.equal(session.transferToken, undefined);
});

test("the same transfer step-up answered with a new authentication gets its token", async () => {
  const previous = aliceSession(nowSeconds() - 301);
  const now = nowSeconds();
  const { session, shortfall } = await stepUp("/transfer/confirm", previous, now, CHALLENGE);
  assert.equal(shortfall, undefined);
  assert.equal(session.authTime, now);
  assert.ok(session.transferToken);
});

test("a salary step-up answered with a cached authentication is refused too", async () => {
  const previous = aliceSession(nowSeconds() - SALARY_MAX_AGE - 1);
  assert.equal((await stepUp("/salary", previous, previous.authTime ?? 0)).shortfall, "stale_authentication");
});

test("an auth_time beyond the clock skew in the future is refused at the callback", async () => {
  const previous = aliceSession(nowSeconds() - SALARY_MAX_AGE - 1);
  assert.equal((await stepUp("/salary", previous, nowSeconds() + AUTH_TIME_CLOCK_TOLERANCE_SECONDS + 120)).shortfall, "stale_authentication");
  assert.equal(
    (await stepUp("/transfer/confirm", previous, nowSeconds() + AUTH_TIME_CLOCK_TOLERANCE_SECONDS + 120, CHALLENGE)).shortfall,
    "stale_authentication",
  );
});
