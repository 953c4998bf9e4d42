import assert from "node:assert/strict";
import { test } from "node:test";
import { PROFILES, resolveProfile } from "@/common/profiles";
import { ACR_MFA } from "@/common/step-up";
import { authorizationNeeds, policyFor, routePolicies } from "./policy";
import { providerParameters } from "./provider-request";

const AUDIENCE = "https://api.fabrikam.example";
const salary = policyFor(routePolicies(900), "/salary");
const transfer = policyFor(routePolicies(900), "/transfer/confirm");

test("Auth0: acr_values with the multi-factor ACR and the audience parameter", () => {
  const needs = authorizationNeeds(salary, "mfa_required", PROFILES.auth0);
  assert.deepEqual(providerParameters(PROFILES.auth0, { acrValues: needs.acrValues, audience: AUDIENCE }), { audience: AUDIENCE, acr_values: ACR_MFA });
});

test("Keycloak: acr_values and an essential acr claim for level 2, no audience parameter", () => {
  const needs = authorizationNeeds(transfer, "transfer_token_required", PROFILES.keycloak);
  assert.equal(needs.scope, "openid transfer:funds");
  const parameters = providerParameters(PROFILES.keycloak, { acrValues: needs.acrValues, audience: AUDIENCE });
  assert.equal(parameters.acr_values, "2");
  assert.deepEqual(JSON.parse(parameters.claims ?? ""), { id_token: { acr: { essential: true, value: "2" } } });
  assert.equal(parameters.audience, undefined);
  assert.equal(parameters.resource, undefined);
});

test("Entra: only the claims parameter, on acrs, for the ID token and the access token", () => {
  const parameters = providerParameters(PROFILES.entra, { acrValues: "c1", audience: AUDIENCE });
  assert.equal(parameters.acr_values, undefined);
  const demand = { acrs: { essential: true, value: "c1" } };
  assert.deepEqual(JSON.parse(parameters.claims ?? ""), { id_token: demand, access_token: demand });
});

test("generic: RFC 8707 resource; several ACRs become `values`", () => {
  const parameters = providerParameters(PROFILES.generic, { acrValues: "a b", audience: AUDIENCE });
  assert.equal(parameters.resource, AUDIENCE);
  assert.equal(parameters.acr_values, "a b");
  const both = providerParameters({ ...PROFILES.generic, acrRequest: "both" }, { acrValues: "a b", audience: AUDIENCE });
  assert.deepEqual(JSON.parse(both.claims ?? ""), { id_token: { acr: { essential: true, values: ["a", "b"] } } });
});

test("no ACR asked: no acr_values and no claims, whatever the profile", () => {
  for (const profile of Object.values(PROFILES)) {
    const needs = authorizationNeeds(policyFor(routePolicies(900), "/directory"), "signed_out", profile);
    const parameters = providerParameters(profile, { acrValues: needs.acrValues, audience: AUDIENCE });
    assert.equal(parameters.acr_values, undefined, profile.name);
    assert.equal(parameters.claims, undefined, profile.name);
  }
});

test("overridden scope names and ACR flow into the request", () => {
  const profile = resolveProfile({ OIDC_PROFILE: "okta", OIDC_SCOPE_TRANSFER_FUNDS: "fabrikam.transfer", OIDC_MFA_ACR: "phr" });
  const needs = authorizationNeeds(transfer, "transfer_token_required", profile);
  assert.equal(needs.scope, "openid fabrikam.transfer");
  assert.equal(needs.acrValues, "phr");
  assert.deepEqual(providerParameters(profile, { acrValues: needs.acrValues, audience: AUDIENCE }), { acr_values: "phr" });
});
