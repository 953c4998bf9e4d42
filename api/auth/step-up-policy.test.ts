import assert from "node:assert/strict";
import { test } from "node:test";
import { PROFILES, resolveProfile, type ProviderProfile } from "../../common/profiles";
import { ApiError } from "../http/errors";
import { requireRecentMfa } from "./step-up-policy";
import type { VerifiedAccessToken } from "./verify-access-token";

const NOW = 1_800_000_000;

function token(claims: Record<string, unknown>): VerifiedAccessToken {
  const base = { iss: "https://idp.example", sub: "u1", aud: "api", exp: NOW + 60, iat: NOW, jti: "j", client_id: "c" };
  return { sub: "u1", jti: "j", clientId: "c", scopes: ["transfer:funds"], exp: NOW + 60, scheme: "Bearer", claims: { ...base, ...claims } };
}

function challenge(t: VerifiedAccessToken, profile: ProviderProfile): string | undefined {
  try {
    requireRecentMfa(t, 300, profile, NOW);
    return undefined;
  } catch (error) {
    assert.ok(error instanceof ApiError);
    return error.headers?.["WWW-Authenticate"];
  }
}

test("Keycloak profile: acr 2 passes; acr 1 is challenged for acr_values=2", () => {
  assert.equal(challenge(token({ acr: "2", auth_time: NOW - 10 }), PROFILES.keycloak), undefined);
  assert.match(challenge(token({ acr: "1", amr: ["pwd"], auth_time: NOW - 10 }), PROFILES.keycloak) ?? "", /acr_values="2", max_age=300$/);
});

test("Auth0 profile: amr mfa passes; missing amr is challenged for the multi-factor ACR", () => {
  assert.equal(challenge(token({ amr: ["mfa"], auth_time: NOW - 10 }), PROFILES.auth0), undefined);
  assert.match(challenge(token({ auth_time: NOW - 10 }), PROFILES.auth0) ?? "", /acr_values="http:\/\/schemas\.openid\.net\/pape\/policies\/2007\/06\/multi-factor"/);
});

test("Entra profile reads the acrs claim; an overridden ACR is what the challenge names", () => {
  assert.equal(challenge(token({ acrs: ["c1"], auth_time: NOW - 10 }), PROFILES.entra), undefined);
  assert.match(challenge(token({ acrs: ["c2"], auth_time: NOW - 10 }), PROFILES.entra) ?? "", /acr_values="c1"/);
  const okta = resolveProfile({ OIDC_PROFILE: "okta", OIDC_MFA_ACR: "phr" });
  assert.match(challenge(token({ acr: "urn:okta:loa:2fa:any", auth_time: NOW - 10 }), okta) ?? "", /acr_values="phr"/);
});

test("evidence without auth_time, or too old, is challenged", () => {
  assert.match(challenge(token({ acr: "2" }), PROFILES.keycloak) ?? "", /does not say when/);
  assert.match(challenge(token({ acr: "2", auth_time: NOW - 301 }), PROFILES.keycloak) ?? "", /older than 300 seconds/);
});
