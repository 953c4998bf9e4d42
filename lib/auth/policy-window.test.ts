import assert from "node:assert/strict";
import { test } from "node:test";
import { PROFILES } from "@/common/profiles";
import { ACR_MFA, ACR_PASSWORD } from "@/common/step-up";
import { policyFor, routePolicies } from "./policy";
import { policyStandings } from "./policy-window";

const NOW = 1_700_000_000;
const policies = routePolicies(900);
const byPath = (standings: ReturnType<typeof policyStandings>) => new Map(standings.map((s) => [s.policy.path, s]));

test("signed out: every route falls short with signed_out", () => {
  for (const standing of policyStandings(policies, undefined, NOW, PROFILES.auth0)) {
    assert.deepEqual(standing.verdict, { ok: false, reason: "signed_out" });
    assert.equal(standing.satisfiedUntil, undefined);
  }
});

test("password only: salary falls short, directory holds with no deadline, accounts until the token expires", () => {
  const s = byPath(policyStandings(policies, { acr: ACR_PASSWORD, amr: ["pwd"], authTime: NOW - 60, accessTokenExpiresAt: NOW + 3000 }, NOW, PROFILES.auth0));
  assert.deepEqual(s.get("/salary")?.verdict, { ok: false, reason: "mfa_required" });
  assert.equal(s.get("/directory")?.satisfiedUntil, undefined);
  assert.equal(s.get("/accounts")?.satisfiedUntil, NOW + 3000);
});

test("MFA 10 minutes ago: salary holds for the 5 minutes left of its 15-minute window", () => {
  const s = byPath(
    policyStandings(policies, { acr: ACR_MFA, amr: ["pwd", "otp", "mfa"], authTime: NOW - 600, accessTokenExpiresAt: NOW + 3000 }, NOW, PROFILES.auth0),
  );
  assert.equal(s.get("/salary")?.verdict.ok, true);
  assert.equal(s.get("/salary")?.satisfiedUntil, NOW + 300);
});

test("spending holds until the single-use token expires; without one it falls short", () => {
  const auth = { acr: ACR_MFA, amr: ["mfa"], authTime: NOW, accessTokenExpiresAt: NOW + 3000 };
  const [withToken] = policyStandings(
    [policyFor(policies, "/transfer/confirm") ?? assert.fail("no confirm row")],
    { ...auth, transferTokenExpiresAt: NOW + 200 },
    NOW,
    PROFILES.auth0,
  );
  assert.equal(withToken?.satisfiedUntil, NOW + 200);
  const [without] = policyStandings([policyFor(policies, "/transfer/confirm") ?? assert.fail("no confirm row")], auth, NOW, PROFILES.auth0);
  assert.deepEqual(without?.verdict, { ok: false, reason: "transfer_token_required" });
});
