import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { AUTH_TIME_CLOCK_TOLERANCE_SECONDS } from "@/common/auth-time";
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

test("max_age: an auth_time up to the clock skew in the future passes, one second more is stale (not fresh forever)", () => {
  const base = { acr: ACR_MFA, amr: ["mfa"], grantedScope: "read:accounts" };
  assert.equal(deliveredShortfall(mfaRequest, { ...base, authTime: NOW + AUTH_TIME_CLOCK_TOLERANCE_SECONDS }, NOW, auth0), undefined);
  assert.equal(deliveredShortfall(mfaRequest, { ...base, authTime: NOW + AUTH_TIME_CLOCK_TOLERANCE_SECONDS + 1 }, NOW, auth0), "stale_authentication");
  assert.equal(deliveredShortfall(mfaRequest, { ...base, authTime: NOW + 10 * 365 * 86400 }, NOW, auth0), "stale_authentication");
});

test("max_age: auth_time may be max_age plus the clock skew old, not a second more", () => {
  const base = { acr: ACR_MFA, amr: ["mfa"], grantedScope: "read:accounts" };
  assert.equal(deliveredShortfall(mfaRequest, { ...base, authTime: NOW - 900 - AUTH_TIME_CLOCK_TOLERANCE_SECONDS }, NOW, auth0), undefined);
  assert.equal(deliveredShortfall(mfaRequest, { ...base, authTime: NOW - 901 - AUTH_TIME_CLOCK_TOLERANCE_SECONDS }, NOW, auth0), "stale_authentication");
});

test("without max_age, auth_time is not judged here (the route policy refuses a future one where freshness counts)", () => {
  const request = { scope: "openid profile read:accounts" };
  assert.equal(deliveredShortfall(request, { amr: ["pwd"], authTime: NOW + 3600, grantedScope: "read:accounts" }, NOW, auth0), undefined);
});

test("a step-up after a stale authentication must bring a newer auth_time: the old one again is a cached authentication", () => {
  const base = { acr: ACR_MFA, amr: ["mfa"], grantedScope: "read:accounts" };
  // The replaced session authenticated 901 s ago: past max_age (900), yet within max_age + skew, so only this rule catches it.
  const previous = NOW - 901;
  assert.equal(deliveredShortfall(mfaRequest, { ...base, authTime: previous }, NOW, auth0, previous), "stale_authentication");
  assert.equal(deliveredShortfall(mfaRequest, { ...base, authTime: previous - 1 }, NOW, auth0, previous), "stale_authentication");
  assert.equal(deliveredShortfall(mfaRequest, { ...base, authTime: previous + 1 }, NOW, auth0, previous), undefined);
  assert.equal(deliveredShortfall(mfaRequest, { ...base, authTime: NOW }, NOW, auth0, previous), undefined);
  // Without that rule the same delivery passes: the previous session is what makes it suspicious.
  assert.equal(deliveredShortfall(mfaRequest, { ...base, authTime: previous }, NOW, auth0), undefined);
});

test("a previous authentication still within max_age may be reused by the provider (OIDC Core §3.1.2.1 allows it)", () => {
  const base = { acr: ACR_MFA, amr: ["mfa"], grantedScope: "read:accounts" };
  const previous = NOW - 900;
  assert.equal(deliveredShortfall(mfaRequest, { ...base, authTime: previous }, NOW, auth0, previous), undefined);
});

// Invariant: no auth_time outside [now - max_age - skew, now + skew] is ever accepted when max_age was asked, and after a
// stale previous authentication only a strictly newer one is.
test("property: whatever the provider sends, an accepted max_age sign-in has auth_time within [now - max_age - skew, now + skew]", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 86_400 }),
      fc.integer({ min: -200_000, max: 200_000 }),
      fc.option(fc.integer({ min: -200_000, max: 200_000 }), { nil: undefined }),
      (maxAge, offset, previousOffset) => {
        const authTime = NOW + offset;
        const previous = previousOffset === undefined ? undefined : NOW + previousOffset;
        const shortfall = deliveredShortfall({ scope: "openid", maxAge }, { amr: [], authTime, grantedScope: "openid" }, NOW, auth0, previous);
        if (shortfall === undefined) {
          assert.ok(
            authTime >= NOW - maxAge - AUTH_TIME_CLOCK_TOLERANCE_SECONDS && authTime <= NOW + AUTH_TIME_CLOCK_TOLERANCE_SECONDS,
            `accepted auth_time ${offset}`,
          );
          if (previous !== undefined && NOW - previous > maxAge) assert.ok(authTime > previous);
        }
      },
    ),
    { numRuns: 2000 },
  );
});
