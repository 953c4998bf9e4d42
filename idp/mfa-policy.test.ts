import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { PROFILES } from "../common/profiles";
import { ACR_MFA, ACR_PASSWORD, SCOPES } from "../common/step-up";
import { type MfaRequest, mfaDecision } from "./mfa-policy";

const base: MfaRequest = { scope: "openid profile", sessionHasMfa: false, policy: "on", profile: PROFILES.auth0 };

describe("mfaDecision", () => {
  it("does not ask for a second factor on a plain sign-in", () => {
    assert.deepEqual(mfaDecision(base), { required: false });
  });

  it("asks when acr_values contains the MFA ACR", () => {
    assert.deepEqual(mfaDecision({ ...base, acrValues: `${ACR_PASSWORD} ${ACR_MFA}` }), { required: true, reason: "acr_values" });
  });

  it("ignores acr_values that do not name the MFA ACR", () => {
    assert.deepEqual(mfaDecision({ ...base, acrValues: ACR_PASSWORD }), { required: false });
  });

  it("asks when the claims parameter requests an essential MFA acr (values or value)", () => {
    const values = { id_token: { acr: { essential: true, values: [ACR_MFA] } } };
    const value = { id_token: { acr: { essential: true, value: ACR_MFA } } };
    assert.deepEqual(mfaDecision({ ...base, claims: values }), { required: true, reason: "claims" });
    assert.deepEqual(mfaDecision({ ...base, claims: value }), { required: true, reason: "claims" });
  });

  it("ignores a voluntary (non-essential) acr claim request", () => {
    const claims = { id_token: { acr: { values: [ACR_MFA] } } };
    assert.deepEqual(mfaDecision({ ...base, claims }), { required: false });
  });

  it("asks when a high-value scope is requested", () => {
    const decision = mfaDecision({ ...base, scope: `openid ${SCOPES.transferFunds}` });
    assert.deepEqual(decision, { required: true, reason: "high_value_scope", scopes: [SCOPES.transferFunds] });
  });

  it("does not ask for read:accounts alone", () => {
    assert.deepEqual(mfaDecision({ ...base, scope: `openid ${SCOPES.readAccounts}` }), { required: false });
  });

  it("does not re-prompt acr_values MFA inside an existing MFA session", () => {
    assert.deepEqual(mfaDecision({ ...base, acrValues: ACR_MFA, sessionHasMfa: true }), { required: false });
  });

  it("re-prompts a high-value scope even inside an existing MFA session", () => {
    const decision = mfaDecision({ ...base, scope: `openid ${SCOPES.transferFunds}`, sessionHasMfa: true });
    assert.equal(decision.required, true);
  });

  it("never asks when the policy is off (misconfigured tenant)", () => {
    const request: MfaRequest = { ...base, scope: `openid ${SCOPES.transferFunds}`, acrValues: ACR_MFA, sessionHasMfa: false, policy: "off" };
    assert.deepEqual(mfaDecision(request), { required: false });
  });

  it("as Keycloak: acr_values or an essential acr claim at level 2 or above asks; level 1 does not", () => {
    const keycloak = { ...base, profile: PROFILES.keycloak };
    assert.deepEqual(mfaDecision({ ...keycloak, acrValues: "2" }), { required: true, reason: "acr_values" });
    assert.deepEqual(mfaDecision({ ...keycloak, acrValues: "3" }), { required: true, reason: "acr_values" });
    assert.deepEqual(mfaDecision({ ...keycloak, acrValues: "1" }), { required: false });
    assert.deepEqual(mfaDecision({ ...keycloak, acrValues: ACR_MFA }), { required: false }, "another vendor's ACR means nothing to Keycloak");
    assert.deepEqual(mfaDecision({ ...keycloak, claims: { id_token: { acr: { essential: true, value: "2" } } } }), { required: true, reason: "claims" });
  });
});
