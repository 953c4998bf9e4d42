import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ACR_MFA, ACR_PASSWORD } from "../step-up";
import { acrMeetsMfa, PROFILES, ProfileConfigError, resolveProfile, showsMfa } from "./index";

const { auth0, okta, keycloak, entra, generic } = PROFILES;

describe("MFA evidence", () => {
  test("Auth0: amr [mfa] or the multi-factor ACR; a password is not enough", () => {
    assert.equal(showsMfa(auth0, { amr: ["mfa"] }), true);
    assert.equal(showsMfa(auth0, { acr: ACR_MFA }), true);
    assert.equal(showsMfa(auth0, { acr: ACR_PASSWORD, amr: ["pwd"] }), false);
    // Auth0 says "mfa"; a bare otp is not its vocabulary.
    assert.equal(showsMfa(auth0, { amr: ["otp"] }), false);
  });

  test("missing or malformed claims are no evidence", () => {
    for (const profile of Object.values(PROFILES)) {
      assert.equal(showsMfa(profile, {}), false, profile.name);
      assert.equal(showsMfa(profile, { amr: "mfa" }), false, profile.name);
      assert.equal(showsMfa(profile, { acr: 2 }), false, profile.name);
      assert.equal(showsMfa(profile, { acr: null, amr: [null, 1] }), false, profile.name);
    }
  });

  test("Keycloak: the level must be at least 2; 1, 0 and unknown levels are not", () => {
    assert.equal(showsMfa(keycloak, { acr: "2" }), true);
    assert.equal(showsMfa(keycloak, { acr: "3" }), true);
    assert.equal(showsMfa(keycloak, { acr: "1" }), false);
    assert.equal(showsMfa(keycloak, { acr: "0" }), false);
    assert.equal(showsMfa(keycloak, { acr: "gold" }), false);
    assert.equal(showsMfa(keycloak, { acr: "1", amr: ["mfa"] }), false, "Keycloak's evidence is the level");
  });

  test("Okta: 2fa:any and the phishing-resistant levels; 1fa and 2fa:ifpossible are not", () => {
    assert.equal(showsMfa(okta, { acr: "urn:okta:loa:2fa:any" }), true);
    assert.equal(showsMfa(okta, { acr: "phr" }), true);
    assert.equal(showsMfa(okta, { acr: "urn:okta:loa:1fa:pwd" }), false);
    assert.equal(showsMfa(okta, { acr: "urn:okta:loa:2fa:any:ifpossible" }), false);
    assert.equal(showsMfa(okta, { acr: "urn:okta:loa:1fa:any", amr: ["pwd", "mfa"] }), true);
  });

  test("Entra: the requested authentication context in acrs, or amr mfa", () => {
    assert.equal(showsMfa(entra, { acr: ["c1"] }), true);
    assert.equal(showsMfa(entra, { acr: "c2 c1" }), true);
    assert.equal(showsMfa(entra, { acr: ["c2"] }), false);
    assert.equal(showsMfa(entra, { amr: ["pwd", "mfa"] }), true);
    assert.equal(showsMfa(entra, { amr: ["pwd"] }), false);
  });

  test("generic accepts the PAPE ACR, amr mfa or otp", () => {
    assert.equal(showsMfa(generic, { acr: ACR_MFA }), true);
    assert.equal(showsMfa(generic, { amr: ["otp"] }), true);
    assert.equal(showsMfa(generic, { acr: "urn:other" }), false);
  });

  test("a level only counts when the MFA ACR itself is in the ordered list", () => {
    assert.equal(acrMeetsMfa({ ...keycloak, mfaAcr: "silver" }, "3"), false);
    assert.equal(acrMeetsMfa({ ...keycloak, mfaAcr: "silver" }, "silver"), true);
  });
});

describe("resolveProfile", () => {
  test("defaults to auth0", () => {
    assert.equal(resolveProfile({}).name, "auth0");
    assert.equal(resolveProfile({ OIDC_PROFILE: "" }).name, "auth0");
  });

  test("picks a profile and applies overrides", () => {
    const profile = resolveProfile({
      OIDC_PROFILE: "keycloak",
      OIDC_MFA_ACR: "gold",
      OIDC_ACR_LEVELS: "bronze, silver gold",
      OIDC_AUDIENCE_PARAM: "resource",
      OIDC_ACR_REQUEST: "claims",
      OIDC_MFA_AMR: "otp",
      OIDC_SCOPE_TRANSFER_FUNDS: "payments:write",
    });
    assert.equal(profile.mfaAcr, "gold");
    assert.deepEqual(profile.acrLevels, ["bronze", "silver", "gold"]);
    assert.equal(profile.audienceParam, "resource");
    assert.equal(profile.acrRequest, "claims");
    assert.equal(profile.scopes.transferFunds, "payments:write");
    assert.equal(profile.scopes.readAccounts, "read:accounts");
    assert.equal(showsMfa(profile, { acr: "gold" }), true);
    assert.equal(showsMfa(profile, { acr: "silver" }), false);
    assert.equal(showsMfa(profile, { amr: ["otp"] }), true);
  });

  test("an overridden MFA ACR replaces the vendor's own as evidence", () => {
    const profile = resolveProfile({ OIDC_PROFILE: "auth0", OIDC_MFA_ACR: "urn:example:strong" });
    assert.equal(showsMfa(profile, { acr: "urn:example:strong" }), true);
    assert.equal(showsMfa(profile, { acr: ACR_MFA }), false);
  });

  test("the API may name its profile with its own variable", () => {
    assert.equal(resolveProfile({ API_PROFILE: "okta", OIDC_PROFILE: "keycloak" }, "API_PROFILE").name, "okta");
    assert.equal(resolveProfile({ OIDC_PROFILE: "keycloak" }, "API_PROFILE").name, "keycloak");
  });

  test("bad values are refused with every problem named", () => {
    assert.throws(
      () => resolveProfile({ OIDC_PROFILE: "ping" }),
      (error: unknown) => error instanceof ProfileConfigError && /OIDC_PROFILE: must be one of auth0, okta/.test(error.message),
    );
    assert.throws(
      () => resolveProfile({ OIDC_ACR_REQUEST: "header", OIDC_AUDIENCE_PARAM: "aud", OIDC_MFA_ACR: 'a"b', OIDC_SCOPE_READ_ACCOUNTS: "read accounts" }),
      (error: unknown) => error instanceof ProfileConfigError && error.problems.length === 4,
    );
  });
});

test("DPoP is asked for only where the API checks proofs, and OIDC_DPOP overrides it", () => {
  assert.equal(resolveProfile({ OIDC_PROFILE: "auth0" }).dpop, true);
  assert.equal(resolveProfile({ OIDC_PROFILE: "keycloak" }).dpop, false);
  assert.equal(resolveProfile({ OIDC_PROFILE: "keycloak", OIDC_DPOP: "on" }).dpop, true);
  assert.equal(resolveProfile({ OIDC_PROFILE: "auth0", OIDC_DPOP: "off" }).dpop, false);
  assert.throws(() => resolveProfile({ OIDC_DPOP: "yes" }), /OIDC_DPOP: must be on or off/);
});

test("transfer authorization details (RAR) are asked for where the provider supports them, and OIDC_RAR overrides it", () => {
  assert.deepEqual(
    ["auth0", "generic", "okta", "entra", "keycloak"].map((name) => [name, resolveProfile({ OIDC_PROFILE: name }).rar]),
    [
      ["auth0", true],
      ["generic", true],
      ["okta", false],
      ["entra", false],
      ["keycloak", false],
    ],
  );
  assert.equal(resolveProfile({ OIDC_PROFILE: "okta", OIDC_RAR: "on" }).rar, true);
  assert.equal(resolveProfile({ OIDC_PROFILE: "auth0", OIDC_RAR: "off" }).rar, false);
  assert.throws(() => resolveProfile({ OIDC_RAR: "yes" }), /OIDC_RAR: must be on or off/);
});
