import assert from "node:assert/strict";
import { test } from "node:test";
import { AUTH_TIME_CLOCK_TOLERANCE_SECONDS } from "../../common/auth-time";
import { PROFILES, type ProviderProfile, resolveProfile } from "../../common/profiles";
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
  assert.match(
    challenge(token({ auth_time: NOW - 10 }), PROFILES.auth0) ?? "",
    /acr_values="http:\/\/schemas\.openid\.net\/pape\/policies\/2007\/06\/multi-factor"/,
  );
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

test(`an auth_time in the future is fresh only within ${AUTH_TIME_CLOCK_TOLERANCE_SECONDS} s of clock skew, then challenged like a stale one`, () => {
  const at = (offset: number) => challenge(token({ acr: "2", auth_time: NOW + offset }), PROFILES.keycloak);
  assert.equal(at(0), undefined);
  assert.equal(at(AUTH_TIME_CLOCK_TOLERANCE_SECONDS), undefined, "at the tolerance: accepted");
  const beyond = at(AUTH_TIME_CLOCK_TOLERANCE_SECONDS + 1);
  assert.match(
    beyond ?? "",
    /^Bearer realm="fabrikam-api", error="insufficient_user_authentication", error_description="The access token says you signed in later than now[^"]*", acr_values="2", max_age=300$/,
  );
  // Far in the future: not "fresh forever".
  assert.match(at(10 * 365 * 24 * 3600) ?? "", /signed in later than now/);
});

test("the freshness boundary in the past: exactly max_age passes, one second more is challenged", () => {
  assert.equal(challenge(token({ acr: "2", auth_time: NOW - 300 }), PROFILES.keycloak), undefined);
  assert.match(challenge(token({ acr: "2", auth_time: NOW - 301 }), PROFILES.keycloak) ?? "", /older than 300 seconds/);
});
