import assert from "node:assert/strict";
import { test } from "node:test";
import { PROFILES } from "@/common/profiles";
import { ACR_MFA, ACR_PASSWORD } from "@/common/step-up";
import { flashFor, parseFlash } from "./flash";

test("only known kinds are read back; free text is ignored", () => {
  assert.equal(parseFlash("stepped_up"), "stepped_up");
  assert.equal(parseFlash("transfer_token"), "transfer_token");
  assert.equal(parseFlash("transfer_done"), "transfer_done");
  assert.equal(parseFlash("<script>alert(1)</script>"), undefined);
  assert.equal(parseFlash("Your account is locked, call 555-0100"), undefined);
  assert.equal(parseFlash(""), undefined);
  assert.equal(parseFlash(undefined), undefined);
});

test("the flash names what the provider delivered, not what was asked", () => {
  assert.equal(flashFor("transfer", true, { acr: ACR_MFA, amr: ["pwd", "otp", "mfa"] }, PROFILES.auth0), "transfer_token");
  assert.equal(flashFor("sign_in", true, { acr: ACR_MFA, amr: ["pwd", "otp", "mfa"] }, PROFILES.auth0), "stepped_up");
  assert.equal(flashFor("sign_in", true, { acr: ACR_PASSWORD, amr: ["pwd"] }, PROFILES.auth0), "signed_in");
  assert.equal(flashFor("sign_in", false, { acr: ACR_PASSWORD, amr: ["pwd"] }, PROFILES.auth0), "signed_in");
});
