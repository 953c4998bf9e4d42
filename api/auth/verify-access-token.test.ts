import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import { PROFILES } from "../../common/profiles";
import { ACR_MFA, AMR, SCOPES } from "../../common/step-up";
import { ApiError } from "../http/errors";
import { type FakeIssuer, startFakeIssuer } from "../test-support/fake-issuer";
import { requireRecentMfa, requireScope } from "./step-up-policy";
import { type AccessTokenVerifier, createAccessTokenVerifier } from "./verify-access-token";

const MAX_AGE = 300;

function request(token: string | null, scheme = "Bearer"): Request {
  const headers: Record<string, string> = token === null ? {} : { authorization: `${scheme} ${token}` };
  return new Request("http://localhost:4001/transfers", { method: "POST", headers });
}

/** Runs what POST /transfers runs: verification, then the step-up policy. */
async function checkForTransfer(verifier: AccessTokenVerifier, token: string | null) {
  const verified = await verifier.verify(request(token));
  requireScope(verified, SCOPES.transferFunds);
  requireRecentMfa(verified, MAX_AGE, PROFILES.auth0);
  return verified;
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

async function assertInvalidToken(promise: Promise<unknown>, description?: RegExp) {
  const error = await refusal(promise);
  assert.equal(error.status, 401);
  assert.equal(error.code, "invalid_token");
  assert.match(error.headers["WWW-Authenticate"] ?? "", /^Bearer realm="fabrikam-api", error="invalid_token", error_description="[^"]+"$/);
  if (description) assert.match(error.description, description);
}

describe("access token verification and step-up policy", () => {
  let idp: FakeIssuer;
  let verifier: AccessTokenVerifier;

  before(async () => {
    idp = await startFakeIssuer();
    verifier = createAccessTokenVerifier({ issuer: idp.issuer, audience: idp.audience, unknownKidRefetchInterval: 2 });
  });
  after(() => idp.stop());

  it("accepts a fresh MFA access token with transfer:funds", async () => {
    const token = await checkForTransfer(verifier, await idp.mint({ jti: "jti-1" }));
    assert.equal(token.sub, "alice");
    assert.equal(token.jti, "jti-1");
    assert.equal(token.clientId, "fabrikam-intranet");
    assert.deepEqual(token.scopes, ["openid", "transfer:funds"]);
  });

  it("accepts amr-only MFA evidence (no acr)", async () => {
    await checkForTransfer(verifier, await idp.mint({ acr: undefined, amr: [AMR.password, AMR.multiFactor] }));
  });

  it("caches the JWKS across requests", async () => {
    const before = idp.jwksFetches();
    for (let i = 0; i < 5; i++) await verifier.verify(request(await idp.mint()));
    assert.equal(idp.jwksFetches(), before);
  });

  it("refuses a bad signature", async () => {
    const forger = await idp.newUnpublishedKey("key-1");
    await assertInvalidToken(verifier.verify(request(await idp.mint({}, { key: forger }))));
  });

  it("refuses a tampered payload: one claim of a valid token changed, its signature kept", async () => {
    const token = await idp.mint();
    assert.equal((await verifier.verify(request(token))).sub, "alice", "the untouched token passes every check");
    const [header = "", payload = "", signature = ""] = token.split(".");
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString()) as Record<string, unknown>;
    const tampered = Buffer.from(JSON.stringify({ ...claims, sub: "bob" })).toString("base64url");
    const error = await refusal(verifier.verify(request(`${header}.${tampered}.${signature}`)));
    assert.equal(error.code, "invalid_token");
    // Every other check would pass: only the signature can refuse it.
    assert.match(error.logDetail ?? "", /signature verification failed/);
  });

  it("refuses a token issued to another client (client_id), and serves every client API_ALLOWED_CLIENTS names", async () => {
    await assertInvalidToken(
      verifier.verify(request(await idp.mint({ client_id: "another-app-of-the-tenant" }))),
      /issued to an application this API does not serve/,
    );
    const both = createAccessTokenVerifier({ issuer: idp.issuer, audience: idp.audience, allowedClients: ["fabrikam-intranet", "fabrikam-mobile"] });
    assert.equal((await both.verify(request(await idp.mint({ client_id: "fabrikam-mobile" })))).clientId, "fabrikam-mobile");
    assert.equal((await both.verify(request(await idp.mint()))).clientId, "fabrikam-intranet");
    await assertInvalidToken(both.verify(request(await idp.mint({ client_id: "fabrikam-intranet-evil" }))), /does not serve/);
  });

  it("serves another route family's clients instead when a route names them (the directory serves the IdP only)", async () => {
    assert.equal((await verifier.verify(request(await idp.mint({ client_id: "fabrikam-idp" })), ["fabrikam-idp"])).clientId, "fabrikam-idp");
    await assertInvalidToken(verifier.verify(request(await idp.mint()), ["fabrikam-idp"]), /does not serve/);
    await assertInvalidToken(verifier.verify(request(await idp.mint({ client_id: "fabrikam-idp" }))), /does not serve/);
  });

  it("refuses a token whose typ is not at+jwt", async () => {
    await assertInvalidToken(verifier.verify(request(await idp.mint({}, { typ: "JWT" }))));
  });

  it("refuses an ID token presented as an access token", async () => {
    const idToken = await idp.mint(
      { aud: "fabrikam-intranet", nonce: "n-1", azp: "fabrikam-intranet", scope: undefined, client_id: undefined },
      { typ: "JWT" },
    );
    await assertInvalidToken(verifier.verify(request(idToken)));
    // Even with the API's audience, an ID token's typ gives it away.
    await assertInvalidToken(verifier.verify(request(await idp.mint({ nonce: "n-1" }, { typ: "JWT" }))));
  });

  it("refuses the wrong issuer", async () => {
    await assertInvalidToken(verifier.verify(request(await idp.mint({ iss: "https://evil.example" }))), /trusted identity provider/);
  });

  it("refuses the wrong audience", async () => {
    await assertInvalidToken(verifier.verify(request(await idp.mint({ aud: "https://other-api.example" }))), /for this API/);
  });

  it("refuses an expired token", async () => {
    const now = Math.floor(Date.now() / 1000);
    await assertInvalidToken(verifier.verify(request(await idp.mint({ iat: now - 900, exp: now - 600 }))), /expired/);
  });

  it("refuses tokens missing jti, client_id or sub", async () => {
    for (const missing of ["jti", "client_id", "sub"]) {
      await assertInvalidToken(verifier.verify(request(await idp.mint({ [missing]: undefined }))));
    }
  });

  it("refuses alg none", async () => {
    const header = Buffer.from(JSON.stringify({ alg: "none", typ: "at+jwt" })).toString("base64url");
    const payload = (await idp.mint()).split(".")[1];
    await assertInvalidToken(verifier.verify(request(`${header}.${payload}.`)));
  });

  it("answers 401 with only the realm when no token is sent, 400 for a malformed header", async () => {
    const missing = await refusal(verifier.verify(request(null)));
    assert.equal(missing.status, 401);
    assert.equal(missing.headers["WWW-Authenticate"], 'Bearer realm="fabrikam-api"');
    const basic = await refusal(verifier.verify(request("dXNlcjpwYXNz", "Basic")));
    assert.equal(basic.headers["WWW-Authenticate"], 'Bearer realm="fabrikam-api"');
    const malformed = await refusal(verifier.verify(request("a b")));
    assert.equal(malformed.status, 400);
    assert.match(malformed.headers["WWW-Authenticate"] ?? "", /error="invalid_request"/);
  });

  it("reads the Authorization header as exactly a scheme, spaces and a token: a valid token in any other shape is a 400", async () => {
    const token = await idp.mint();
    // Several spaces between scheme and token are allowed (RFC 7235's 1*SP), and the scheme is case-insensitive.
    assert.equal((await verifier.verify(new Request("http://localhost:4001/x", { headers: { authorization: `bEaReR   ${token}` } }))).sub, "alice");
    for (const shape of [`Bearer\t${token}`, `Bearer\v${token}`, `Bearer ${token} extra`]) {
      const error = await refusal(verifier.verify(new Request("http://localhost:4001/x", { headers: { authorization: shape } })));
      assert.equal(error.status, 400, JSON.stringify(shape.slice(0, 12)));
      assert.match(error.headers["WWW-Authenticate"] ?? "", /^Bearer realm="fabrikam-api", error="invalid_request"/);
    }
  });

  it("answers 403 insufficient_scope without transfer:funds", async () => {
    const error = await refusal(checkForTransfer(verifier, await idp.mint({ scope: "openid read:accounts" })));
    assert.equal(error.status, 403);
    assert.equal(error.code, "insufficient_scope");
    assert.match(error.headers["WWW-Authenticate"] ?? "", /error="insufficient_scope".*scope="transfer:funds"/);
  });

  it("answers an RFC 9470 challenge without MFA evidence", async () => {
    const error = await refusal(checkForTransfer(verifier, await idp.mint({ acr: "urn:fabrikam:acr:password", amr: [AMR.password] })));
    assert.equal(error.status, 401);
    assert.equal(error.code, "insufficient_user_authentication");
    assert.match(
      error.headers["WWW-Authenticate"] ?? "",
      new RegExp(`error="insufficient_user_authentication", error_description="[^"]+", acr_values="${ACR_MFA}", max_age=${MAX_AGE}$`),
    );
  });

  it("answers an RFC 9470 challenge for a stale, missing or future auth_time", async () => {
    const now = Math.floor(Date.now() / 1000);
    for (const authTime of [now - MAX_AGE - 10, undefined, now + 3600]) {
      const error = await refusal(checkForTransfer(verifier, await idp.mint({ auth_time: authTime })));
      assert.equal(error.code, "insufficient_user_authentication");
      assert.match(error.headers["WWW-Authenticate"] ?? "", /max_age=300/);
    }
  });

  it("refetches the JWKS for an unknown kid and accepts a token signed with a rotated key", async () => {
    const before = idp.jwksFetches();
    await idp.rotateKey();
    await checkForTransfer(verifier, await idp.mint());
    assert.equal(idp.jwksFetches(), before + 1);
  });

  it("does not refetch the JWKS for every made-up kid", async () => {
    const stranger = await idp.newUnpublishedKey("made-up");
    const before = idp.jwksFetches();
    for (let i = 0; i < 5; i++) {
      await assertInvalidToken(verifier.verify(request(await idp.mint({}, { key: stranger }))), /does not publish/);
    }
    assert.ok(idp.jwksFetches() - before <= 1, `expected at most one refetch, saw ${idp.jwksFetches() - before}`);
  });
});

describe("identity provider availability", () => {
  it("answers 503 while discovery fails and recovers on a later request", async () => {
    const idp = await startFakeIssuer();
    try {
      const verifier = createAccessTokenVerifier({ issuer: idp.issuer, audience: idp.audience });
      const token = await idp.mint();
      idp.setAvailable(false);
      const error = await refusal(verifier.verify(request(token)));
      assert.equal(error.status, 503);
      assert.equal(error.code, "temporarily_unavailable");
      assert.match(error.description, /identity provider could not be reached/);
      idp.setAvailable(true);
      assert.equal((await verifier.verify(request(token))).sub, "alice");
    } finally {
      await idp.stop();
    }
  });

  it("answers 503 when the IdP is down on the first request", async () => {
    const idp = await startFakeIssuer();
    const { issuer, audience } = idp;
    const token = await idp.mint();
    await idp.stop();
    const verifier = createAccessTokenVerifier({ issuer, audience });
    assert.equal((await refusal(verifier.verify(request(token)))).status, 503);
  });
});

describe("any Authorization and DPoP header (property-based)", () => {
  let idp: FakeIssuer;
  before(async () => {
    idp = await startFakeIssuer();
  });
  after(() => idp.stop());

  const segment = fc.oneof(
    fc.base64String({ maxLength: 40 }).map((s) => s.replace(/=+$/, "")),
    fc.jsonValue({ maxDepth: 2 }).map((value) => Buffer.from(JSON.stringify(value)).toString("base64url")),
    fc
      .record({
        alg: fc.oneof(fc.constantFrom("ES256", "RS256", "none", "HS256"), fc.jsonValue({ maxDepth: 1 })),
        typ: fc.option(fc.constantFrom("at+jwt", "JWT", "dpop+jwt")),
        kid: fc.option(fc.jsonValue({ maxDepth: 1 })),
        crit: fc.option(fc.array(fc.string())),
        jwk: fc.option(fc.jsonValue({ maxDepth: 2 })),
      })
      .map((header) => Buffer.from(JSON.stringify(header)).toString("base64url")),
  );
  const jwtLike = fc.array(segment, { minLength: 1, maxLength: 5 }).map((parts) => parts.join("."));
  const header = fc
    .tuple(fc.constantFrom("Bearer ", "DPoP ", "bearer ", "DPOP ", "Basic ", "", "Bearer  "), fc.oneof(jwtLike, fc.string({ maxLength: 60 })))
    .map(([scheme, token]) => scheme + token);

  for (const [label, plainJwt] of [
    ["RFC 9068", undefined],
    ["plain JWT", { scopeClaim: "scope", tokenIdClaim: "jti", clientIdClaims: ["client_id"] }],
  ] as const) {
    it(`refuses any malformed credentials with a 400 or 401, never another error (${label}; 300 runs, each a request to the issuer's JWKS at most once)`, async () => {
      // Invariant: for any Authorization header and optional DPoP header, verify() either returns a token or throws
      // an ApiError with status 400 or 401 and a WWW-Authenticate challenge; nothing else escapes (no 5xx).
      const verifier = createAccessTokenVerifier({ issuer: idp.issuer, audience: idp.audience, plainJwt });
      await fc.assert(
        fc.asyncProperty(header, fc.option(jwtLike, { nil: undefined }), async (authorization, dpop) => {
          const headers: Record<string, string> = { authorization };
          if (dpop !== undefined) headers.dpop = dpop;
          try {
            await verifier.verify(new Request("http://localhost:4001/transfers", { method: "POST", headers }));
          } catch (error) {
            assert.ok(error instanceof ApiError, `threw ${String(error)}`);
            assert.ok(error.status === 400 || error.status === 401, `status ${error.status}`);
            assert.match(error.headers["WWW-Authenticate"] ?? "", /^(Bearer|DPoP) realm="fabrikam-api"/);
          }
        }),
        { numRuns: 300 },
      );
    });
  }
});
