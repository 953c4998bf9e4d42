/**
 * The callback's loop guard: when a round trip to the provider leaves the session short for the very reason it set
 * out to close, the callback ends on an explanation instead of redirecting back to a page whose gate would send the
 * user to the provider again. Driven through startAuthorization and completeAuthorization against a provider the
 * test controls, which can grant what was asked and still leave the session short.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { config } from "@/lib/config";
import type { HostileProvider, SigningKey } from "@/testing/hostile-provider";
import { startHostileProviderForIntranet } from "@/testing/intranet-routes";
import { completeAuthorization, startAuthorization } from "./authorize";
import { unsealLoginTransaction } from "./login-state";
import type { Session } from "./session";

let provider: HostileProvider;
let key: SigningKey;

before(async () => {
  ({ provider, key } = await startHostileProviderForIntranet());
});
after(() => provider?.close());

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Alice signed in with a password, her everyday API token expired: /accounts needs a new one. */
function expiredReadToken(): Session {
  const now = nowSeconds();
  return {
    v: 1,
    sid: "0123456789abcdef0123",
    sub: "alice",
    name: "Alice",
    amr: ["pwd"],
    authTime: now - 600,
    createdAt: now - 600,
    expiresAt: now + 3600,
    accessToken: { value: "old", expiresAt: now - 1, scope: "openid read:accounts" },
  };
}

async function signInFor(returnTo: string, previous: Session) {
  const { url, transaction } = await startAuthorization(returnTo, previous);
  const txn = await unsealLoginTransaction(transaction.sealed, transaction.state, config().sessionSecret);
  assert.ok(txn);
  assert.equal(txn.reason, "api_token_expired");
  provider.nextIdToken = await provider.mint(key, { nonce: txn.nonce, auth_time: nowSeconds(), amr: ["pwd"] });
  return completeAuthorization(await provider.authorize(url), txn, previous);
}

test("a sign-in that leaves the session short for the same reason ends on an explanation, not back at the page", async () => {
  // The provider grants the scope but the token it issues is already spent: /accounts would send the user straight back.
  provider.accessTokenLifetime = 0;
  const { shortfall } = await signInFor("/accounts", expiredReadToken());
  assert.equal(shortfall, "scope_not_granted");
});

test("the same sign-in that does close the shortfall goes on to the page", async () => {
  provider.accessTokenLifetime = 300;
  const { shortfall, session } = await signInFor("/accounts", expiredReadToken());
  assert.equal(shortfall, undefined);
  assert.ok(session.accessToken && session.accessToken.expiresAt > nowSeconds());
});
