/**
 * PAR (RFC 9126) and transfer details (RFC 9396) against the real IdP: pushed requests required, details checked at
 * the PAR endpoint, a fresh second factor for every transfer, and the details in the token response and the JWT
 * access token.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { decodeJwt } from "jose";
import { type TransferDetails, transferDetails } from "../common/authorization-details";
import { DEV_DEFAULTS } from "../common/dev-defaults";
import { ACR_MFA, DEFAULT_API_AUDIENCE, DEFAULT_CLIENT_ID, SCOPES } from "../common/step-up";
import { ALICE } from "../testing/idp-sign-in";
import { type ScriptedLoginOptions, scriptedLogin } from "../testing/scripted-login";
import { type RunningIdp, startIdp } from "../testing/start-idp";

const APP_ORIGIN = "http://localhost:3999";
const REDIRECT_URI = `${APP_ORIGIN}/auth/callback`;
const TRANSFER = transferDetails({ from: "acc_alice_checking", to: "acc_bob_checking", amount: "3.21" });

function login(idp: RunningIdp, overrides: Partial<ScriptedLoginOptions> = {}): ScriptedLoginOptions {
  return {
    issuer: idp.issuer,
    clientId: DEFAULT_CLIENT_ID,
    clientSecret: DEV_DEFAULTS.clientSecret,
    redirectUri: REDIRECT_URI,
    scope: `openid ${SCOPES.transferFunds}`,
    resource: DEFAULT_API_AUDIENCE,
    ...ALICE,
    ...overrides,
  };
}

/** A plain (front-channel) authorization request for the intranet client; resolves to where the IdP sends the browser. */
async function plainAuthorization(idp: RunningIdp): Promise<URL> {
  const query = new URLSearchParams({
    client_id: DEFAULT_CLIENT_ID,
    redirect_uri: REDIRECT_URI,
    response_type: "code",
    scope: "openid",
    code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
    code_challenge_method: "S256",
  });
  const response = await fetch(`${idp.issuer}/auth?${query}`, { redirect: "manual" });
  return new URL(String(response.headers.get("location")), idp.issuer);
}

/** Pushes an authorization request with `details` as its authorization_details; the PAR endpoint's status and body. */
async function push(idp: RunningIdp, details: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${idp.issuer}/request`, {
    method: "POST",
    headers: { authorization: `Basic ${btoa(`${DEFAULT_CLIENT_ID}:${DEV_DEFAULTS.clientSecret}`)}`, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      client_id: DEFAULT_CLIENT_ID,
      redirect_uri: REDIRECT_URI,
      response_type: "code",
      scope: `openid ${SCOPES.transferFunds}`,
      resource: DEFAULT_API_AUDIENCE,
      code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
      code_challenge_method: "S256",
      authorization_details: JSON.stringify(details),
    }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("PAR and transfer details at the dev IdP", () => {
  let idp: RunningIdp;
  let parOff: RunningIdp;
  let keycloak: RunningIdp;
  before(async () => {
    // Several sign-ins of alice within one code window: the dev-only reuse switch allows it.
    const env = { IDP_APP_ORIGINS: APP_ORIGIN, IDP_TEST_ALLOW_OTP_REUSE: "1", IDP_DIRECTORY_URL: "" };
    [idp, parOff, keycloak] = await Promise.all([
      startIdp({ env }),
      startIdp({ env: { ...env, IDP_REQUIRE_PAR: "off" } }),
      startIdp({ env: { ...env, IDP_PROFILE: "keycloak" } }),
    ]);
  });
  after(() => Promise.all([idp?.stop(), parOff?.stop(), keycloak?.stop()]));

  it("advertises the PAR endpoint and the fabrikam_transfer type", async () => {
    const discovery = (await (await fetch(`${idp.issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    assert.equal(discovery.pushed_authorization_request_endpoint, `${idp.issuer}/request`);
    assert.deepEqual(discovery.authorization_details_types_supported, ["fabrikam_transfer"]);
  });

  it("refuses a plain authorization request from the intranet client; IDP_REQUIRE_PAR=off accepts it", async () => {
    const refused = await plainAuthorization(idp);
    assert.equal(refused.origin + refused.pathname, REDIRECT_URI);
    assert.equal(refused.searchParams.get("error"), "invalid_request");
    assert.match(String(refused.searchParams.get("error_description")), /pushed authorization request/i);
    const accepted = await plainAuthorization(parOff);
    assert.match(accepted.pathname, /^\/interaction\/[^/]+$/);
  });

  it("puts exactly the requested details in the token response and the JWT access token, after password and code", async () => {
    const { tokens, pagesSeen } = await scriptedLogin(login(idp, { authorizationDetails: [TRANSFER] }));
    assert.deepEqual(pagesSeen, ["login", "otp"]);
    assert.deepEqual(tokens.authorization_details, [TRANSFER]);
    const at = decodeJwt(tokens.access_token);
    assert.deepEqual(at.authorization_details, [TRANSFER]);
    assert.equal(at.aud, DEFAULT_API_AUDIENCE);
    assert.equal(at.acr, ACR_MFA);
    assert.equal(tokens.refresh_token, undefined);
  });

  it("details alone (no transfer scope, no acr_values) still need the code, and name the API by default", async () => {
    const { tokens, pagesSeen } = await scriptedLogin(login(idp, { scope: "openid", resource: undefined, authorizationDetails: [TRANSFER] }));
    assert.deepEqual(pagesSeen, ["login", "otp"]);
    assert.deepEqual(decodeJwt(tokens.access_token).authorization_details, [TRANSFER]);
  });

  it("asks for the code for a transfer even right after a multi-factor sign-in, and each token has its own details", async () => {
    const mfa = await scriptedLogin(login(idp, { scope: "openid", resource: undefined, acrValues: ACR_MFA }));
    assert.deepEqual(mfa.pagesSeen, ["login", "otp"]);
    const first = await scriptedLogin(login(idp, { authorizationDetails: [TRANSFER], cookies: mfa.cookies }));
    assert.deepEqual(first.pagesSeen, ["otp"]);
    const other: TransferDetails = { ...TRANSFER, amount: "321.00" };
    const second = await scriptedLogin(login(idp, { authorizationDetails: [other], cookies: first.cookies }));
    assert.deepEqual(second.pagesSeen, ["otp"], "one approval does not cover the next transfer");
    assert.deepEqual(decodeJwt(second.tokens.access_token).authorization_details, [other]);
    // A later request without details gets a token that approves no transfer.
    const plain = await scriptedLogin(login(idp, { scope: `openid ${SCOPES.readAccounts}`, cookies: second.cookies }));
    assert.equal(decodeJwt(plain.tokens.access_token).authorization_details, undefined);
    assert.equal(plain.tokens.authorization_details, undefined);
  });

  const invalid: [string, unknown][] = [
    ["an extra member", [{ ...TRANSFER, memo: "hi" }]],
    ["a bad amount", [{ ...TRANSFER, amount: "3.215" }]],
    ["a negative amount", [{ ...TRANSFER, amount: "-1.00" }]],
    ["the same account twice", [{ ...TRANSFER, to: TRANSFER.from }]],
    ["two transfers", [TRANSFER, { ...TRANSFER, amount: "1.00" }]],
    ["another currency", [{ ...TRANSFER, currency: "EUR" }]],
    ["an unknown type", [{ type: "payment_initiation", amount: "1.00" }]],
  ];
  for (const [what, details] of invalid) {
    it(`refuses details with ${what} at the PAR endpoint (invalid_authorization_details)`, async () => {
      const { status, body } = await push(idp, details);
      assert.equal(status, 400);
      assert.equal(body.error, "invalid_authorization_details");
      assert.equal(typeof body.error_description, "string");
    });
  }

  it("accepts valid details at the PAR endpoint", async () => {
    const { status, body } = await push(idp, [TRANSFER]);
    assert.equal(status, 201);
    assert.match(String(body.request_uri), /^urn:ietf:params:oauth:request_uri:/);
  });

  it("imitating Keycloak (no RAR), it refuses transfer details instead of dropping them", async () => {
    const { status, body } = await push(keycloak, [TRANSFER]);
    assert.equal(status, 400);
    assert.equal(body.error, "invalid_authorization_details");
  });
});
