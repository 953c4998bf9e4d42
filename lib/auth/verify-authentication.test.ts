import assert from "node:assert/strict";
import { test } from "node:test";
import { PROFILES } from "@/common/profiles";
import { ACR_MFA, ACR_PASSWORD } from "@/common/step-up";
import { deliveredShortfall, narrowAuthClaims } from "./verify-authentication";

const NOW = 1_800_000_000;
const { auth0 } = PROFILES;
const mfaRequest = { scope: "openid profile read:accounts", acrValues: ACR_MFA, maxAge: 900 };

test("MFA requested and delivered passes", () => {
  const delivered = { acr: ACR_MFA, amr: ["pwd", "otp", "mfa"], authTime: NOW - 5, grantedScope: "openid profile read:accounts" };
  assert.equal(deliveredShortfall(mfaRequest, delivered, NOW, auth0), undefined);
});

test("a provider that ignores acr_values is caught", () => {
  const delivered = { acr: ACR_PASSWORD, amr: ["pwd"], authTime: NOW - 5, grantedScope: "openid profile read:accounts" };
  assert.equal(deliveredShortfall(mfaRequest, delivered, NOW, auth0), "mfa_not_performed");
  assert.equal(deliveredShortfall(mfaRequest, { amr: [], authTime: NOW, grantedScope: "read:accounts" }, NOW, auth0), "mfa_not_performed");
});

test("amr alone (Auth0 style) proves MFA", () => {
  assert.equal(deliveredShortfall(mfaRequest, { amr: ["mfa"], authTime: NOW, grantedScope: "read:accounts" }, NOW, auth0), undefined);
});

test("max_age requires a recent auth_time", () => {
  const base = { acr: ACR_MFA, amr: ["mfa"], grantedScope: "read:accounts" };
  assert.equal(deliveredShortfall(mfaRequest, { ...base, authTime: NOW - 2000 }, NOW, auth0), "stale_authentication");
  assert.equal(deliveredShortfall(mfaRequest, { ...base }, NOW, auth0), "stale_authentication");
});

test("a requested scope that was not granted is caught", () => {
  const request = { scope: "openid transfer:funds", acrValues: ACR_MFA };
  const delivered = { acr: ACR_MFA, amr: ["mfa"], authTime: NOW, grantedScope: "openid" };
  assert.equal(deliveredShortfall(request, delivered, NOW, auth0), "scope_not_granted");
  assert.equal(deliveredShortfall(request, { ...delivered, grantedScope: "openid transfer:funds" }, NOW, auth0), undefined);
});

test("claims are narrowed, not cast", () => {
  assert.deepEqual(narrowAuthClaims({ acr: 1, amr: ["pwd", 2, null], auth_time: "5" }, auth0), { acr: undefined, amr: ["pwd"], authTime: undefined });
  assert.deepEqual(narrowAuthClaims({ acr: ACR_MFA, amr: "mfa", auth_time: 5 }, auth0), { acr: ACR_MFA, amr: [], authTime: 5 });
});
