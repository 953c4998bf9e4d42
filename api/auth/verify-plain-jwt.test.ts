import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type JWTPayload, SignJWT } from "jose";
import { PROFILES, type ProviderProfile } from "../../common/profiles";
import { ApiError } from "../http/errors";
import { type FakeIssuer, startFakeIssuer } from "../test-support/fake-issuer";
import { PLAIN_JWT_CLIENT_ID_CLAIMS } from "./client-binding";
import { requireTokenId } from "./single-use";
import { requireRecentMfa, requireScope } from "./step-up-policy";
import { type AccessTokenVerifier, createAccessTokenVerifier, type VerifiedAccessToken } from "./verify-access-token";

const MAX_AGE = 300;
const CLIENT_ID = "fabrikam-intranet";

/** One provider's real access-token shape, as the fake issuer should mint it. */
interface Shape {
  profile: ProviderProfile;
  /** The intranet's client id at this provider, as its tokens name it. */
  clientId: string;
  audience: string;
  scopePrefix?: string;
  /** Claims replacing the fake issuer's RFC 9068 defaults; `grant(scopes)` writes the scopes the provider's way. */
  claims: JWTPayload;
  grant(scopes: string[]): JWTPayload;
}

const ENTRA_API = "api://fabrikam-accounts/";

const SHAPES: Shape[] = [
  {
    profile: PROFILES.okta,
    clientId: "0oa1fabrikam",
    audience: "https://api.fabrikam.example",
    // Okta: cid, an scp array, jti "AT...", acr/amr/auth_time as custom claims of a custom authorization server.
    claims: { client_id: undefined, scope: undefined, cid: "0oa1fabrikam", jti: "AT.okta-1", uid: "00u1", acr: "urn:okta:loa:2fa:any", amr: ["pwd", "mfa"] },
    grant: (scopes) => ({ scp: scopes }),
  },
  {
    profile: PROFILES.keycloak,
    clientId: CLIENT_ID,
    audience: "https://api.fabrikam.example",
    // Keycloak: azp, space-separated scope, payload typ "Bearer", LoA in acr, no amr without a mapper.
    claims: { client_id: undefined, azp: CLIENT_ID, typ: "Bearer", jti: "kc-1", acr: "2", amr: undefined },
    grant: (scopes) => ({ scope: scopes.join(" ") }),
  },
  {
    profile: { ...PROFILES.entra, scopes: { readAccounts: `${ENTRA_API}read.accounts`, transferFunds: `${ENTRA_API}transfer.funds` } },
    clientId: "9f1c0000-0000-4000-8000-000000000001",
    // Entra v2: aud is the API's application (client) id; scp is space-separated without the URI; uti, no jti.
    audience: "6e74172b-be56-4843-9ff4-e66a39bb12e3",
    scopePrefix: ENTRA_API,
    claims: {
      client_id: undefined,
      scope: undefined,
      jti: undefined,
      uti: "AbCdEf123",
      azp: "9f1c0000-0000-4000-8000-000000000001",
      ver: "2.0",
      acrs: ["c1"],
      amr: ["pwd", "mfa"],
    },
    grant: (scopes) => ({ scp: scopes.map((s) => s.replace(ENTRA_API, "")).join(" ") }),
  },
];

function request(token: string, scheme = "Bearer"): Request {
  return new Request("http://localhost:4001/transfers", { method: "POST", headers: { authorization: `${scheme} ${token}` } });
}

async function refusal(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ApiError, `expected an ApiError, got ${String(error)}`);
    return error;
  }
  assert.fail("expected the token to be refused");
}

async function assertInvalidToken(promise: Promise<unknown>, description?: RegExp): Promise<void> {
  const error = await refusal(promise);
  assert.equal(error.status, 401);
  assert.equal(error.code, "invalid_token");
  assert.match(error.headers["WWW-Authenticate"] ?? "", /^Bearer realm="fabrikam-api", error="invalid_token", error_description="[^"]+"$/);
  if (description) assert.match(error.description, description);
}

for (const shape of SHAPES) {
  const { profile } = shape;
  describe(`plain JWT access tokens shaped like ${profile.label}'s`, () => {
    let idp: FakeIssuer;
    let verifier: AccessTokenVerifier;

    /** A token as this provider issues it: typ JWT, its own claim names, fresh MFA, transfer scope. */
    const granted = [profile.scopes.readAccounts, profile.scopes.transferFunds];
    const mint = (claims: JWTPayload = {}, options: Parameters<FakeIssuer["mint"]>[1] = {}) =>
      idp.mint({ ...shape.claims, ...shape.grant(granted), ...claims }, { typ: "JWT", ...options });

    /** What POST /transfers runs before the body: verification, single-use id, scope, fresh MFA. */
    async function checkForTransfer(token: string): Promise<VerifiedAccessToken> {
      const verified = await verifier.verify(request(token));
      requireTokenId(verified, profile.tokenIdClaim);
      requireScope(verified, profile.scopes.transferFunds);
      requireRecentMfa(verified, MAX_AGE, profile);
      return verified;
    }

    before(async () => {
      idp = await startFakeIssuer(shape.audience);
      verifier = createAccessTokenVerifier({
        issuer: idp.issuer,
        audience: idp.audience,
        unknownKidRefetchInterval: 2,
        allowedClients: ["another-trusted-app", shape.clientId],
        plainJwt: {
          scopeClaim: profile.scopeClaim,
          tokenIdClaim: profile.tokenIdClaim,
          scopePrefix: shape.scopePrefix,
          clientIdClaims: PLAIN_JWT_CLIENT_ID_CLAIMS[profile.name],
        },
      });
    });
    after(() => idp.stop());

    it("accepts the provider's access token for a transfer", async () => {
      const token = await checkForTransfer(await mint({}, {}));
      assert.equal(token.sub, "alice");
      assert.equal(token.jti, shape.claims[profile.tokenIdClaim]);
      assert.equal(token.clientId, shape.clientId, `the client id is read from ${PLAIN_JWT_CLIENT_ID_CLAIMS[profile.name].join(" or ")}`);
      assert.deepEqual(token.scopes, granted);
      assert.equal(token.claims.scope, granted.join(" "), "the policy sees a space-separated scope");
    });

    it("is refused by the RFC 9068 verifier (why the profile says jwt)", async () => {
      const strict = createAccessTokenVerifier({ issuer: idp.issuer, audience: idp.audience });
      await assertInvalidToken(strict.verify(request(await mint())));
    });

    it("accepts typ at+jwt, application/at+jwt and no typ; refuses other types", async () => {
      for (const typ of ["at+jwt", "application/at+jwt", "jwt", null]) await checkForTransfer(await mint({}, { typ }));
      for (const typ of ["logout+jwt", "dpop+jwt", "id_token"])
        await assertInvalidToken(verifier.verify(request(await mint({}, { typ }))), /not a valid JWT access token/);
    });

    it("handles scopes as a string and as an array", async () => {
      const asString = granted.map((scope) => scope.replace(shape.scopePrefix ?? "", "")).join(" ");
      for (const value of [asString, asString.split(" ")]) {
        assert.deepEqual((await checkForTransfer(await mint({ [profile.scopeClaim]: value }))).scopes, granted);
      }
    });

    it("answers 403 insufficient_scope when the scope claim is missing, malformed or lacks the transfer scope", async () => {
      const others = profile.scopeClaim === "scp" ? { scope: granted.join(" ") } : { scp: granted };
      // The transfer scope in the other claim does not count: only the configured claim is read.
      for (const claims of [
        { [profile.scopeClaim]: undefined, ...others },
        { [profile.scopeClaim]: 7 },
        shape.grant(["openid", profile.scopes.readAccounts]),
      ]) {
        const error = await refusal(checkForTransfer(await mint(claims)));
        assert.equal(error.status, 403);
        assert.equal(error.code, "insufficient_scope");
      }
    });

    it(`reads without a ${profile.tokenIdClaim} but refuses it for a transfer`, async () => {
      const verified = await verifier.verify(request(await mint({ [profile.tokenIdClaim]: undefined })));
      assert.equal(verified.jti, undefined);
      const error = await refusal(checkForTransfer(await mint({ [profile.tokenIdClaim]: undefined })));
      assert.equal(error.status, 401);
      assert.equal(error.code, "invalid_token");
      assert.match(error.description, new RegExp(`no ${profile.tokenIdClaim} claim, so it cannot be limited to one transfer`));
    });

    it("refuses a bad signature and a tampered payload (one claim of a valid token changed, its signature kept)", async () => {
      const forger = await idp.newUnpublishedKey("key-1");
      await assertInvalidToken(verifier.verify(request(await mint({}, { key: forger }))));
      const token = await mint();
      assert.equal((await checkForTransfer(token)).sub, "alice", "the untouched token passes every check");
      const [header = "", payload = "", signature = ""] = token.split(".");
      const claims = JSON.parse(Buffer.from(payload, "base64url").toString()) as Record<string, unknown>;
      const tampered = Buffer.from(JSON.stringify({ ...claims, sub: "bob" })).toString("base64url");
      const error = await refusal(verifier.verify(request(`${header}.${tampered}.${signature}`)));
      assert.equal(error.code, "invalid_token");
      // Every other check would pass: only the signature can refuse it.
      assert.match(error.logDetail ?? "", /ERR_JWS_SIGNATURE_VERIFICATION_FAILED/);
    });

    it("refuses a token issued to another client, one naming no client, and one whose client claims disagree", async () => {
      const [own, ...others] = PLAIN_JWT_CLIENT_ID_CLAIMS[profile.name];
      assert.ok(own);
      await assertInvalidToken(
        verifier.verify(request(await mint({ [own]: "another-app-of-the-tenant" }))),
        /issued to an application this API does not serve/,
      );
      const noClient = Object.fromEntries(["client_id", "azp", "cid", "appid"].map((claim) => [claim, undefined]));
      await assertInvalidToken(verifier.verify(request(await mint(noClient))), /does not say which application/);
      for (const other of others) {
        await assertInvalidToken(verifier.verify(request(await mint({ [other]: "another-app-of-the-tenant" }))), /does not serve/);
      }
      // The verifier's default: only the intranet's dev client id.
      const strict = createAccessTokenVerifier({
        issuer: idp.issuer,
        audience: idp.audience,
        plainJwt: {
          scopeClaim: profile.scopeClaim,
          tokenIdClaim: profile.tokenIdClaim,
          scopePrefix: shape.scopePrefix,
          clientIdClaims: PLAIN_JWT_CLIENT_ID_CLAIMS[profile.name],
        },
      });
      const verdict = strict.verify(request(await mint()));
      if (shape.clientId === CLIENT_ID) await verdict;
      else await assertInvalidToken(verdict, /does not serve/);
    });

    it("refuses the wrong issuer or audience", async () => {
      await assertInvalidToken(verifier.verify(request(await mint({ iss: "https://evil.example" }))), /trusted identity provider/);
      await assertInvalidToken(verifier.verify(request(await mint({ aud: "https://other-api.example" }))), /trusted identity provider/);
    });

    it("refuses an ID token (aud is the client id), even one carrying MFA claims", async () => {
      const idToken = await mint(
        { aud: CLIENT_ID, nonce: "n-1", azp: CLIENT_ID, at_hash: "x", typ: profile.name === "keycloak" ? "ID" : undefined },
        { typ: "JWT" },
      );
      await assertInvalidToken(verifier.verify(request(idToken)), /trusted identity provider/);
    });

    it("refuses expired, not-yet-valid and incomplete tokens", async () => {
      const now = Math.floor(Date.now() / 1000);
      await assertInvalidToken(verifier.verify(request(await mint({ iat: now - 900, exp: now - 600 }))), /expired/);
      await assertInvalidToken(verifier.verify(request(await mint({ nbf: now + 600 }))), /not yet valid/);
      for (const missing of ["sub", "exp", "iat"]) await assertInvalidToken(verifier.verify(request(await mint({ [missing]: undefined }))));
    });

    it("refuses HS256 signed with a guessable secret, and alg none", async () => {
      const payload = {
        ...shape.claims,
        ...shape.grant(granted),
        iss: idp.issuer,
        aud: idp.audience,
        sub: "alice",
        iat: Math.floor(Date.now() / 1000),
        exp: Math.floor(Date.now() / 1000) + 300,
      };
      const hs256 = await new SignJWT(payload)
        .setProtectedHeader({ alg: "HS256", typ: "JWT", kid: "key-1" })
        .sign(new TextEncoder().encode(idp.issuer.padEnd(32, "!")));
      await assertInvalidToken(verifier.verify(request(hs256)));
      const none = `${Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url")}.${(await mint()).split(".")[1]}.`;
      await assertInvalidToken(verifier.verify(request(none)));
    });

    it("refuses a key-bound token (cnf) and the DPoP scheme: this path checks no proof", async () => {
      await assertInvalidToken(verifier.verify(request(await mint({ cnf: { jkt: "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I" } }))), /bound to a key/);
      await assertInvalidToken(verifier.verify(request(await mint(), "DPoP")), /only Bearer/);
    });

    it("answers an RFC 9470 challenge without MFA evidence or with a stale auth_time", async () => {
      const now = Math.floor(Date.now() / 1000);
      for (const claims of [{ acr: "1", acrs: undefined, amr: ["pwd"] }, { auth_time: now - MAX_AGE - 10 }, { auth_time: undefined }]) {
        const error = await refusal(checkForTransfer(await mint(claims)));
        assert.equal(error.code, "insufficient_user_authentication");
        assert.match(error.headers["WWW-Authenticate"] ?? "", new RegExp(`acr_values="${profile.mfaAcr}", max_age=${MAX_AGE}$`));
      }
    });

    it("refetches the JWKS once for a rotated key, not for every made-up kid", async () => {
      const before = idp.jwksFetches();
      await idp.rotateKey();
      await checkForTransfer(await mint());
      assert.equal(idp.jwksFetches(), before + 1);
      const stranger = await idp.newUnpublishedKey("made-up");
      for (let i = 0; i < 5; i++) await assertInvalidToken(verifier.verify(request(await mint({}, { key: stranger }))), /does not publish/);
      assert.ok(idp.jwksFetches() - before <= 2, `expected at most one more refetch, saw ${idp.jwksFetches() - before - 1}`);
    });
  });
}

describe("plain JWT verifier and the identity provider", () => {
  it("answers 503 while the IdP is down and recovers", async () => {
    const idp = await startFakeIssuer();
    try {
      const verifier = createAccessTokenVerifier({
        issuer: idp.issuer,
        audience: idp.audience,
        plainJwt: { scopeClaim: "scp", tokenIdClaim: "jti", clientIdClaims: ["cid"] },
      });
      const token = await idp.mint({ scp: ["transfer:funds"], client_id: undefined, cid: CLIENT_ID }, { typ: "JWT" });
      idp.setAvailable(false);
      const error = await refusal(verifier.verify(request(token)));
      assert.equal(error.status, 503);
      assert.equal(error.code, "temporarily_unavailable");
      idp.setAvailable(true);
      assert.deepEqual((await verifier.verify(request(token))).scopes, ["transfer:funds"]);
    } finally {
      await idp.stop();
    }
  });
});
