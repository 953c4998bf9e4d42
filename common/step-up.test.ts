import assert from "node:assert/strict";
import { test } from "node:test";
import { ACR_MFA, ACR_PASSWORD, claimsShowMfa } from "./step-up";

test("the MFA ACR proves a second factor", () => {
  assert.equal(claimsShowMfa({ acr: ACR_MFA }), true);
});

test("amr with mfa or otp proves a second factor", () => {
  assert.equal(claimsShowMfa({ amr: ["pwd", "mfa"] }), true);
  assert.equal(claimsShowMfa({ amr: ["otp"] }), true);
});

test("password only, missing or malformed claims do not", () => {
  assert.equal(claimsShowMfa({ acr: ACR_PASSWORD, amr: ["pwd"] }), false);
  assert.equal(claimsShowMfa({}), false);
  assert.equal(claimsShowMfa({ amr: "mfa" }), false);
  assert.equal(claimsShowMfa({ acr: 2 }), false);
});
