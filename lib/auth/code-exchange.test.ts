import assert from "node:assert/strict";
import { after, before, beforeEach, test } from "node:test";
import { generateKeyPair, SignJWT, UnsecuredJWT } from "jose";
import * as client from "openid-client";
import { PROFILES } from "@/common/profiles";
import { type HostileProvider, newSigningKey, type SigningKey, startHostileProvider } from "@/testing/hostile-provider";
import { exchangeCode } from "./code-exchange";
import { AuthError } from "./errors";
import type { LoginTransaction } from "./login-state";
import { discoverProvider } from "./oidc-client";
import { deliveredShortfall, narrowAuthClaims } from "./verify-authentication";

// OpenID RP conformance in miniature: a provider the test controls hands back hostile ID tokens and responses, and
// checks each token request as strictly as a real provider (code once, PKCE S256, redirect_uri, client_secret_basic).
const CLIENT_ID = "fabrikam-intranet";
const CLIENT_SECRET = "client-secret-used-as-an-hmac-key-by-attackers";
const REDIRECT_URI = "https://intranet.example/auth/callback";
// max_age as the app sends it for /salary (SALARY_MFA_MAX_AGE), so openid-client checks auth_time as it does there.
const TXN = { state: "state-0123456789abcdef", nonce: "nonce-0123456789abcdef", codeVerifier: "v".repeat(43), maxAge: 900 };
type Txn = Pick<LoginTransaction, "state" | "nonce" | "codeVerifier" | "maxAge">;

let provider: HostileProvider;
let key: SigningKey;

before(async () => {
  provider = await startHostileProvider({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    redirectUris: [REDIRECT_URI, "https://elsewhere.example/auth/callback"],
  });
  key = await newSigningKey("key-1");
});
after(() => provider.close());
beforeEach(() => {
  provider.jwks = [key.publicJwk];
  provider.advertisesIss = true;
});

const configure = (clientSecret = CLIENT_SECRET) => discoverProvider({ issuer: provider.issuer, clientId: CLIENT_ID, clientSecret });

/**
 * Runs the authorization request as the app builds it (lib/auth/authorize.ts: redirect_uri, PKCE S256, state, nonce,
 * max_age) and returns the callback URL the provider redirects to, with `params` changed (undefined deletes one).
 */
async function callback(
  configuration: client.Configuration,
  params: Record<string, string | undefined> = {},
  txn: Txn = TXN,
  request: Record<string, string | undefined> = {},
): Promise<URL> {
  const parameters: Record<string, string> = {
    redirect_uri: REDIRECT_URI,
    scope: "openid profile",
    code_challenge: await client.calculatePKCECodeChallenge(txn.codeVerifier),
    code_challenge_method: "S256",
    state: txn.state,
    nonce: txn.nonce,
    ...(txn.maxAge === undefined ? {} : { max_age: String(txn.maxAge) }),
  };
  for (const [name, value] of Object.entries(request)) {
    if (value === undefined) delete parameters[name];
    else parameters[name] = value;
  }
  const url = await provider.authorize(client.buildAuthorizationUrl(configuration, parameters));
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) url.searchParams.delete(name);
    else url.searchParams.set(name, value);
  }
  return url;
}

async function exchange(idToken: string, params: Record<string, string | undefined> = {}, configuration?: client.Configuration) {
  const config = configuration ?? (await configure());
  provider.nextIdToken = idToken;
  return exchangeCode(config, await callback(config, params), TXN);
}

/** Matches an AuthError with `expected` whose logged detail names the check that failed. */
const refusal = (expected: string, because: RegExp) => (error: unknown) => {
  assert.ok(error instanceof AuthError, `expected an AuthError, got ${String(error)}`);
  assert.equal(error.code, expected, error.message);
  assert.match(error.detail ?? "", because);
  return true;
};

/** Asserts the exchange fails with `expected` and that the logged detail names the check that failed. */
async function refused(idToken: string, params: Record<string, string | undefined>, because: RegExp, expected = "invalid_callback") {
  await assert.rejects(exchange(idToken, params), refusal(expected, because));
}

test("a well-formed ID token is accepted (the baseline every refusal below differs from by one thing)", async () => {
  const tokens = await exchange(await provider.mint(key, { nonce: TXN.nonce }));
  assert.equal(tokens.claims()?.sub, "alice");
});

test("a signature from another key with the same kid is refused", async () => {
  const forger = await newSigningKey(key.kid);
  await refused(await provider.mint(forger, { nonce: TXN.nonce }), {}, /signature verification failed/);
});

test('alg "none" is refused', async () => {
  const now = Math.floor(Date.now() / 1000);
  const token = new UnsecuredJWT({ nonce: TXN.nonce, sub: "alice", iat: now })
    .setIssuer(provider.issuer)
    .setAudience(CLIENT_ID)
    .setExpirationTime(now + 300)
    .encode();
  await refused(token, {}, /"alg"/);
});

test("HS256 signed with the client secret (algorithm confusion) is refused: RS256 is pinned", async () => {
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({ nonce: TXN.nonce })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuer(provider.issuer)
    .setAudience(CLIENT_ID)
    .setSubject("alice")
    .setIssuedAt(now)
    .setExpirationTime(now + 300)
    .sign(new TextEncoder().encode(CLIENT_SECRET));
  await refused(token, {}, /"alg"/);
});

test("a correctly signed token with another alg than the pinned one is refused", async () => {
  const { privateKey, publicKey } = await generateKeyPair("PS256", { extractable: true });
  const { exportJWK } = await import("jose");
  provider.jwks = [key.publicJwk, { ...(await exportJWK(publicKey)), kid: "ps", alg: "PS256", use: "sig" }];
  const ps = { kid: "ps", privateKey, publicJwk: {} } satisfies SigningKey;
  await refused(await provider.mint(ps, { nonce: TXN.nonce }, { alg: "PS256" }), {}, /"alg"/);
});

const claimCases: [string, Record<string, unknown>, RegExp][] = [
  ["wrong iss", { iss: "https://evil.example" }, /"iss"/],
  ["aud without our client id", { aud: "someone-else" }, /"aud"/],
  ["aud list without our client id", { aud: ["someone-else", "another"] }, /"aud"/],
  ["missing sub", { sub: undefined }, /"sub".*missing/],
  ["missing iat", { iat: undefined }, /"iat".*missing/],
  ["expired", { iat: Math.floor(Date.now() / 1000) - 3600, exp: Math.floor(Date.now() / 1000) - 1800 }, /"exp"/],
  ["wrong nonce", { nonce: "nonce-of-another-transaction" }, /"nonce"/],
  ["missing nonce", { nonce: undefined }, /"nonce".*missing/],
];
for (const [name, claims, because] of claimCases) {
  test(`an ID token with ${name} is refused`, async () => {
    await refused(await provider.mint(key, { nonce: TXN.nonce, ...claims }), {}, because);
  });
}

test("authorization responses with a missing or wrong state are refused", async () => {
  const token = await provider.mint(key, { nonce: TXN.nonce });
  await refused(token, { state: undefined }, /"state" missing/);
  await refused(token, { state: "state-of-another-transaction" }, /unexpected "state"/);
});

test("RFC 9207: an iss parameter naming another issuer is refused (mix-up attack)", async () => {
  await refused(await provider.mint(key, { nonce: TXN.nonce }), { iss: "https://evil.example" }, /unexpected "iss"/);
});

test("RFC 9207: a missing iss parameter is refused when the provider advertises it", async () => {
  await refused(await provider.mint(key, { nonce: TXN.nonce }), { iss: undefined }, /"iss" \(issuer\) missing/);
});

test("RFC 9207: a missing iss parameter is accepted from a provider that does not support it", async () => {
  provider.advertisesIss = false;
  const tokens = await exchange(await provider.mint(key, { nonce: TXN.nonce }), { iss: undefined });
  assert.equal(tokens.claims()?.sub, "alice");
});

test("an error response from the provider becomes a clear error, not a crash", async () => {
  await refused("", { code: undefined, error: "access_denied" }, /access_denied/, "access_denied");
  await refused("", { code: undefined, error: "server_error" }, /server_error/, "provider_error");
});

test("PKCE: the exchange must send the verifier of the challenge the authorization request carried", async () => {
  const configuration = await configure();
  provider.nextIdToken = await provider.mint(key, { nonce: TXN.nonce });
  const url = await callback(configuration);
  await assert.rejects(
    exchangeCode(configuration, url, { ...TXN, codeVerifier: "w".repeat(43) }),
    refusal("invalid_callback", /invalid_grant.*PKCE verification failed/),
  );
  // The code survives a failed check (as at oidc-provider): the right verifier still redeems it.
  assert.equal((await exchangeCode(configuration, url, TXN)).claims()?.sub, "alice");
});

test("PKCE: an authorization request without a code challenge is refused by the provider", async () => {
  const configuration = await configure();
  const url = await callback(configuration, {}, TXN, { code_challenge: undefined, code_challenge_method: undefined });
  assert.equal(url.searchParams.get("error"), "invalid_request");
  await assert.rejects(exchangeCode(configuration, url, TXN), refusal("provider_error", /invalid_request.*PKCE/));
});

test("an authorization code is redeemed once: a replayed callback is refused", async () => {
  const configuration = await configure();
  provider.nextIdToken = await provider.mint(key, { nonce: TXN.nonce });
  const url = await callback(configuration);
  await exchangeCode(configuration, url, TXN);
  await assert.rejects(exchangeCode(configuration, url, TXN), refusal("invalid_callback", /invalid_grant.*already consumed/));
});

test("the redirect_uri at the token endpoint must be the one the code was issued for", async () => {
  const configuration = await configure();
  provider.nextIdToken = await provider.mint(key, { nonce: TXN.nonce });
  const issued = await callback(configuration);
  // openid-client sends the callback URL (without its query) as redirect_uri: here another registered one.
  const elsewhere = new URL(`https://elsewhere.example/auth/callback${issued.search}`);
  await assert.rejects(exchangeCode(configuration, elsewhere, TXN), refusal("invalid_callback", /invalid_grant.*redirect_uri mismatch/));
});

test("client authentication: a wrong client secret is the provider's refusal (invalid_client), not an outage", async () => {
  const configuration = await configure("not-the-client-secret");
  provider.nextIdToken = await provider.mint(key, { nonce: TXN.nonce });
  await assert.rejects(exchangeCode(configuration, await callback(configuration), TXN), refusal("provider_error", /invalid_client.*invalid secret provided/));
});

test("max_age: an ID token without auth_time, or with one older than max_age, is refused", async () => {
  await refused(await provider.mint(key, { nonce: TXN.nonce, auth_time: undefined }), {}, /"auth_time".*missing/);
  const now = Math.floor(Date.now() / 1000);
  await refused(
    await provider.mint(key, { nonce: TXN.nonce, auth_time: now - TXN.maxAge - 3600 }),
    {},
    /too much time has elapsed since the last End-User authentication/,
  );
});

test("max_age: an auth_time in the future passes the exchange, and the callback's check refuses it", async () => {
  const now = Math.floor(Date.now() / 1000);
  const tokens = await exchange(await provider.mint(key, { nonce: TXN.nonce, auth_time: now + 3600 }));
  const claims = tokens.claims();
  assert.ok(claims);
  const delivered = { ...narrowAuthClaims(claims, PROFILES.auth0), grantedScope: tokens.scope ?? "" };
  assert.equal(deliveredShortfall({ scope: "openid profile", maxAge: TXN.maxAge }, delivered, now, PROFILES.auth0), "stale_authentication");
});

test("key rotation: a new kid is fetched from the JWKS without a restart", async (t) => {
  const configuration = await configure();
  await exchange(await provider.mint(key, { nonce: TXN.nonce }), {}, configuration);
  const fetches = provider.jwksFetches;

  const rotated = await newSigningKey("key-2");
  provider.jwks = [rotated.publicJwk];
  // openid-client refetches for an unknown kid at most once a minute (a forged kid cannot hammer the provider).
  const realNow = Date.now();
  t.mock.method(Date, "now", () => realNow + 61_000);
  const tokens = await exchange(await provider.mint(rotated, { nonce: TXN.nonce }), {}, configuration);
  assert.equal(tokens.claims()?.sub, "alice");
  assert.equal(provider.jwksFetches, fetches + 1);
});
