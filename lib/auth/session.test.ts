import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { generateKeyPair, SignJWT } from "jose";
import { ACR_MFA } from "@/common/step-up";
import { appCookies } from "./cookies";
import { authStateOf, MAX_COOKIE_BYTES, type Session, sealSession, unsealSession } from "./session";

const SECRET = "test-session-secret-0123456789-abcdefghijklmnop";
const NOW = Math.floor(Date.now() / 1000);
const JKT = "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I";

// A realistic RFC 9068 access token from an RS256 provider with a long issuer and subject.
async function rs256AccessToken(scope: string, claims: Record<string, unknown> = {}): Promise<string> {
  const { privateKey } = await generateKeyPair("RS256");
  return new SignJWT({
    ...claims,
    scope,
    client_id: "fabrikam-intranet",
    acr: ACR_MFA,
    amr: ["pwd", "otp", "mfa"],
    auth_time: NOW,
    jti: "Yq9WXRn4LL2LZ2xaB3PrKdLTgCZqELF7LZED6wYN0cy",
  })
    .setProtectedHeader({ alg: "RS256", typ: "at+jwt", kid: "r1Lkbq-_kV3eRVaUK1b8AmEp8b7Mw5HbA6TyGQ2Fz5w" })
    .setIssuer("https://fabrikam-production.eu.auth0.com/")
    .setSubject("auth0|5f1c2d3e4f5a6b7c8d9e0f1a")
    .setAudience(["https://api.fabrikam.example", "https://fabrikam-production.eu.auth0.com/userinfo"])
    .setIssuedAt(NOW)
    .setExpirationTime(NOW + 3600)
    .sign(privateKey);
}

async function fullSession(): Promise<Session> {
  return {
    v: 1,
    sid: "0123456789abcdef0123",
    sub: "auth0|5f1c2d3e4f5a6b7c8d9e0f1a",
    name: "Alexandra Johnson-Fitzgerald",
    acr: ACR_MFA,
    amr: ["pwd", "otp", "mfa"],
    authTime: NOW,
    createdAt: NOW,
    expiresAt: NOW + 8 * 3600,
    accessToken: { value: await rs256AccessToken("openid profile email read:accounts"), expiresAt: NOW + 3600, scope: "openid profile email read:accounts" },
    // DPoP-bound (RFC 9449): `cnf.jkt` in the token, and the thumbprint again beside it to pick the key after rotation.
    transferToken: {
      // The token itself waits server-side (transfer-token-store.ts): an approved, bound one no longer fits here.
      expiresAt: NOW + 300,
      scope: "openid transfer:funds",
      dpop: true,
      jkt: JKT,
      approves: "Yq9WXRn4LL2LZ2xaB3PrKd",
    },
  };
}

test("a session holding the everyday RS256 token and a bound, approved transfer token's description fits in one cookie", async () => {
  const sealed = await sealSession(await fullSession(), SECRET, NOW);
  const { name } = appCookies(true).session;
  // Name, value and the attributes the browser counts against its 4096-byte limit.
  const header = `${name}=${sealed}; Path=/; Max-Age=28800; HttpOnly; Secure; SameSite=Lax`;
  assert.ok(header.length < MAX_COOKIE_BYTES, `Set-Cookie is ${header.length} bytes`);
});

test("a sealed session round-trips", async () => {
  const session = await fullSession();
  assert.deepEqual(await unsealSession(await sealSession(session, SECRET, NOW), SECRET, NOW), session);
});

test("tampered, truncated, foreign and expired cookies read as signed out", async () => {
  const session = await fullSession();
  const sealed = await sealSession(session, SECRET, NOW);
  const flipped = sealed.slice(0, 60) + (sealed[60] === "A" ? "B" : "A") + sealed.slice(61);
  assert.equal(await unsealSession(flipped, SECRET, NOW), undefined);
  assert.equal(await unsealSession(sealed.slice(0, sealed.length - 10), SECRET, NOW), undefined);
  assert.equal(await unsealSession("garbage", SECRET, NOW), undefined);
  assert.equal(await unsealSession(sealed, "another-secret-0123456789-abcdefghijklmnop", NOW), undefined);
  assert.equal(await unsealSession(sealed, SECRET, session.expiresAt), undefined);
  assert.equal(await unsealSession(undefined, SECRET, NOW), undefined);
});

test("a sealed value of the wrong shape reads as signed out", async () => {
  const { sealData } = await import("iron-session");
  assert.equal(await unsealSession(await sealData({ sub: "alice" }, { password: SECRET }), SECRET, NOW), undefined);
});

// Sealed by iron-session 8.0.4 (ttl 0): a rolling deploy from v8 to v9 must not sign anyone out.
const V8_SEAL =
  "Fe26.2*1*ed4d36fb61ea483c72bb9cacc48434a3fec634f1973ea62ad71330ac3708ab07*BLPhN4dWOzqprofcvz5sMg*EoTJpfmLUJLI6xnmXG0UtB_fUfCdzHMyQFXzNtAN8-g**4a700f54242e0bf40614742d1d9015efedf6d59e13e6191f0b1c0a7bf92884fe*afLW4_A7FuQq-JJ1XjLWNmBn5jHKGj_cov7BA7gx-zY~2";

test("a value sealed by iron-session 8 still unseals (cookies survive the upgrade to 9)", async () => {
  const { unsealData } = await import("iron-session");
  assert.deepEqual(await unsealData(V8_SEAL, { password: "a-test-password-of-at-least-32-characters" }), { sub: "alice", n: 1 });
});

// Invariant: whatever bytes arrive in the cookie, reading it yields "signed out" or the session sealed, never another one, never a throw.
test("property: any cookie value reads as signed out, never an exception", async () => {
  const original = await fullSession();
  const sealed = await sealSession(original, SECRET, NOW);
  const mutated = fc
    .tuple(fc.nat({ max: sealed.length - 1 }), fc.string({ unit: "binary", minLength: 1, maxLength: 3 }))
    .map(([at, text]) => `${sealed.slice(0, at)}${text}${sealed.slice(at + text.length)}`)
    .filter((value) => value !== sealed);
  await fc.assert(
    fc.asyncProperty(fc.oneof(fc.string({ unit: "binary", maxLength: 600 }), fc.base64String({ maxLength: 600 }), mutated), async (value) => {
      // The version marker after the last "~" is outside the MAC: a changed one may still read the same data, never other data.
      const read = await unsealSession(value, SECRET, NOW);
      if (read !== undefined) assert.deepEqual(read, original);
    }),
    { numRuns: 1_000 },
  );
});

test("policy facts come from the session", async () => {
  const session = await fullSession();
  assert.deepEqual(authStateOf(session), {
    acr: ACR_MFA,
    amr: ["pwd", "otp", "mfa"],
    authTime: NOW,
    accessTokenExpiresAt: NOW + 3600,
    transferTokenExpiresAt: NOW + 300,
    transferTokenApproves: "Yq9WXRn4LL2LZ2xaB3PrKd",
    pendingTransferApproval: undefined,
  });
  assert.equal(authStateOf(undefined), undefined);
});
