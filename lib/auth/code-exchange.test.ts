import assert from "node:assert/strict";
import { after, before, beforeEach, test } from "node:test";
import { generateKeyPair, SignJWT, UnsecuredJWT } from "jose";
import type * as client from "openid-client";
import { newSigningKey, startHostileProvider, type HostileProvider, type SigningKey } from "@/testing/hostile-provider";
import { discoverProvider, exchangeCode } from "./code-exchange";
import { AuthError } from "./errors";

// OpenID RP conformance in miniature: a provider the test controls hands back hostile ID tokens and responses.
const CLIENT_ID = "fabrikam-intranet";
const CLIENT_SECRET = "client-secret-used-as-an-hmac-key-by-attackers";
const TXN = { state: "state-0123456789abcdef", nonce: "nonce-0123456789abcdef", codeVerifier: "v".repeat(43), maxAge: undefined };

let provider: HostileProvider;
let key: SigningKey;

before(async () => {
  provider = await startHostileProvider(CLIENT_ID);
  key = await newSigningKey("key-1");
});
after(() => provider.close());
beforeEach(() => {
  provider.jwks = [key.publicJwk];
  provider.advertisesIss = true;
});

const configure = () => discoverProvider({ issuer: provider.issuer, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });

function callback(params: Record<string, string | undefined>): URL {
  const url = new URL("https://intranet.example/auth/callback");
  const all = { code: "code-1", state: TXN.state, iss: provider.issuer, ...params };
  for (const [name, value] of Object.entries(all)) if (value !== undefined) url.searchParams.set(name, value);
  return url;
}

async function exchange(idToken: string, params: Record<string, string | undefined> = {}, configuration?: client.Configuration) {
  provider.nextIdToken = idToken;
  return exchangeCode(configuration ?? (await configure()), callback(params), TXN);
}

/** Asserts the exchange fails with `expected` and that the logged detail names the check that failed. */
async function refused(idToken: string, params: Record<string, string | undefined>, because: RegExp, expected = "invalid_callback") {
  await assert.rejects(exchange(idToken, params), (error: unknown) => {
    assert.ok(error instanceof AuthError, `expected an AuthError, got ${String(error)}`);
    assert.equal(error.code, expected, error.message);
    assert.match(error.detail ?? "", because);
    return true;
  });
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
    .setIssuer(provider.issuer).setAudience(CLIENT_ID).setExpirationTime(now + 300).encode();
  await refused(token, {}, /"alg"/);
});

test("HS256 signed with the client secret (algorithm confusion) is refused: RS256 is pinned", async () => {
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({ nonce: TXN.nonce })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuer(provider.issuer).setAudience(CLIENT_ID).setSubject("alice").setIssuedAt(now).setExpirationTime(now + 300)
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
