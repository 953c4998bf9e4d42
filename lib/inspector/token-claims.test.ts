import assert from "node:assert/strict";
import { test } from "node:test";
import { UnsecuredJWT } from "jose";
import { PROFILES } from "@/common/profiles";
import { displayedClaims } from "./token-claims";

const jwt = (claims: Record<string, unknown>) => new UnsecuredJWT(claims).encode();

test("an RFC 9068 token (Auth0) shows its space-separated scope, acr, amr and times", () => {
  const claims = displayedClaims(
    jwt({ scope: "openid transfer:funds", aud: "https://api", acr: "mfa-acr", amr: ["pwd", "otp"], auth_time: 10, iat: 11, exp: 311 }),
    PROFILES.auth0,
  );
  assert.deepEqual(claims, {
    scopes: ["openid", "transfer:funds"],
    aud: "https://api",
    acr: ["mfa-acr"],
    amr: ["pwd", "otp"],
    authTime: 10,
    issuedAt: 11,
    expiresAt: 311,
  });
});

test("Okta's scp array and Entra's scp string and acrs array are read by profile", () => {
  assert.deepEqual(displayedClaims(jwt({ scp: ["read:accounts", "transfer:funds"] }), PROFILES.okta)?.scopes, ["read:accounts", "transfer:funds"]);
  const entra = displayedClaims(jwt({ scp: "Accounts.Read Transfers.Write", acrs: ["c1", 7] }), PROFILES.entra);
  assert.deepEqual(entra?.scopes, ["Accounts.Read", "Transfers.Write"]);
  assert.deepEqual(entra?.acr, ["c1"]);
});

test("opaque or malformed tokens decode to nothing, and claims of the wrong type are dropped", () => {
  assert.equal(displayedClaims("opaque-token-value", PROFILES.auth0), undefined);
  const odd = displayedClaims(jwt({ scope: 42, amr: "pwd", auth_time: "10", aud: ["a", "b"] }), PROFILES.auth0);
  assert.deepEqual(odd, { scopes: [], aud: "a b", acr: [], amr: [], authTime: undefined, issuedAt: undefined, expiresAt: undefined });
});

test("a token's RFC 9396 authorization details show the one transfer it approves, and malformed details approve none", () => {
  const details = { type: "fabrikam_transfer", from: "acc_alice_checking", to: "acc_bob_checking", amount: "3.21", currency: "USD" };
  assert.deepEqual(displayedClaims(jwt({ authorization_details: [details] }), PROFILES.auth0)?.approvedTransfer, details);
  for (const odd of [details, [details, details], [{ ...details, amount: "-1" }], [{ ...details, extra: 1 }], "x"])
    assert.equal(displayedClaims(jwt({ authorization_details: odd }), PROFILES.auth0)?.approvedTransfer, undefined);
});
