import assert from "node:assert/strict";
import { test } from "node:test";
import type { WWWAuthenticateChallenge } from "openid-client";
import { ACR_MFA } from "@/common/step-up";
import { stepUpFromChallenges } from "./step-up-challenge";

const bearer = (parameters: Record<string, string>): WWWAuthenticateChallenge => ({ scheme: "bearer", parameters });

test("an RFC 9470 challenge becomes a step-up request", () => {
  const challenge = stepUpFromChallenges([
    bearer({ error: "insufficient_user_authentication", error_description: "too old", acr_values: ACR_MFA, max_age: "300" }),
  ]);
  assert.deepEqual(challenge, { acrValues: ACR_MFA, maxAge: 300 });
});

test("acr_values alone, or max_age alone, are kept as given", () => {
  assert.deepEqual(stepUpFromChallenges([bearer({ error: "insufficient_user_authentication", acr_values: "1 2" })]), { acrValues: "1 2", maxAge: undefined });
  assert.deepEqual(stepUpFromChallenges([bearer({ error: "insufficient_user_authentication", max_age: "0" })]), { acrValues: undefined, maxAge: 0 });
});

test("a DPoP challenge (RFC 9449 §7.1, sender-constrained tokens) asks for step-up the same way", () => {
  const dpop = { scheme: "dpop" as const, parameters: { error: "insufficient_user_authentication", acr_values: "mfa", max_age: "300", algs: "ES256" } };
  assert.deepEqual(stepUpFromChallenges([dpop]), { acrValues: "mfa", maxAge: 300 });
});

test("other errors and other schemes are not step-up challenges", () => {
  assert.equal(stepUpFromChallenges([bearer({ error: "invalid_token" })]), undefined);
  assert.equal(stepUpFromChallenges([bearer({ error: "insufficient_scope", scope: "transfer:funds" })]), undefined);
  assert.equal(stepUpFromChallenges([{ scheme: "basic", parameters: { error: "insufficient_user_authentication" } }]), undefined);
  assert.equal(stepUpFromChallenges([{ scheme: "dpop", parameters: { error: "invalid_token" } }]), undefined);
  assert.equal(stepUpFromChallenges([]), undefined);
});

test("malformed parameters are dropped, not forwarded to the provider", () => {
  const challenge = stepUpFromChallenges([bearer({ error: "insufficient_user_authentication", acr_values: "x\r\nLocation: evil", max_age: "-5" })]);
  assert.deepEqual(challenge, { acrValues: undefined, maxAge: undefined });
  assert.deepEqual(stepUpFromChallenges([bearer({ error: "insufficient_user_authentication", max_age: "1e3" })]), { acrValues: undefined, maxAge: undefined });
});
