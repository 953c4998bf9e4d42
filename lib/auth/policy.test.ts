import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { AUTH_TIME_CLOCK_TOLERANCE_SECONDS } from "@/common/auth-time";
import { PROFILES } from "@/common/profiles";
import { ACR_MFA, ACR_PASSWORD, SCOPES } from "@/common/step-up";
import { type AuthState, authorizationNeeds, evaluatePolicy, policyFor, policyForPath, routePolicies, routeTable } from "./policy";

const NOW = 1_800_000_000;
const policies = routePolicies(900);
const { auth0 } = PROFILES;
const policy = (path: string) => {
  const found = policyFor(policies, path);
  assert.ok(found, `no policy for ${path}`);
  return found;
};
const password: AuthState = { acr: ACR_PASSWORD, amr: ["pwd"], authTime: NOW - 60, accessTokenExpiresAt: NOW + 600 };
const mfa: AuthState = { acr: ACR_MFA, amr: ["pwd", "otp", "mfa"], authTime: NOW - 60, accessTokenExpiresAt: NOW + 600 };

test("policyFor matches whole path segments only", () => {
  assert.equal(policyFor(policies, "/salary")?.path, "/salary");
  assert.equal(policyFor(policies, "/salary/2026")?.path, "/salary");
  assert.equal(policyFor(policies, "/salaryx"), undefined);
  assert.equal(policyFor(policies, "/"), undefined);
});

test("signed out fails every policy", () => {
  for (const p of policies) assert.deepEqual(evaluatePolicy(p, undefined, NOW, auth0), { ok: false, reason: "signed_out" });
});

test("a password session is enough for the directory, not for salary", () => {
  assert.deepEqual(evaluatePolicy(policy("/directory"), password, NOW, auth0), { ok: true });
  assert.deepEqual(evaluatePolicy(policy("/salary"), password, NOW, auth0), { ok: false, reason: "mfa_required" });
});

test("MFA within the window opens salary; past it, it is stale", () => {
  assert.deepEqual(evaluatePolicy(policy("/salary"), mfa, NOW, auth0), { ok: true });
  assert.deepEqual(evaluatePolicy(policy("/salary"), { ...mfa, authTime: NOW - 900 }, NOW, auth0), { ok: true });
  assert.deepEqual(evaluatePolicy(policy("/salary"), { ...mfa, authTime: NOW - 901 }, NOW, auth0), { ok: false, reason: "mfa_stale" });
});

test("an auth_time in the future counts only within the clock skew: one second beyond it is stale, not fresh forever", () => {
  assert.deepEqual(evaluatePolicy(policy("/salary"), { ...mfa, authTime: NOW + AUTH_TIME_CLOCK_TOLERANCE_SECONDS }, NOW, auth0), { ok: true });
  assert.deepEqual(evaluatePolicy(policy("/salary"), { ...mfa, authTime: NOW + AUTH_TIME_CLOCK_TOLERANCE_SECONDS + 1 }, NOW, auth0), {
    ok: false,
    reason: "mfa_stale",
  });
  assert.deepEqual(evaluatePolicy(policy("/salary"), { ...mfa, authTime: NOW + 10 * 365 * 86400 }, NOW, auth0), { ok: false, reason: "mfa_stale" });
  // Routes without a freshness window do not look at auth_time.
  assert.deepEqual(evaluatePolicy(policy("/directory"), { ...mfa, authTime: NOW + 86400 }, NOW, auth0), { ok: true });
});

// Invariant: a route with a freshness window passes only when auth_time lies in [now - window, now + skew].
test("property: a fresh verdict always means auth_time within the window and at most the clock skew ahead", () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 86_400 }), fc.integer({ min: -200_000, max: 200_000 }), (window, offset) => {
      const verdict = evaluatePolicy(policyFor(routePolicies(window), "/salary") ?? policy("/salary"), { ...mfa, authTime: NOW + offset }, NOW, auth0);
      const inWindow = offset >= -window && offset <= AUTH_TIME_CLOCK_TOLERANCE_SECONDS;
      assert.deepEqual(verdict, inWindow ? { ok: true } : { ok: false, reason: "mfa_stale" });
    }),
    { numRuns: 2000 },
  );
});

test("missing claims are treated as the weakest authentication", () => {
  assert.deepEqual(evaluatePolicy(policy("/salary"), { amr: [] }, NOW, auth0), { ok: false, reason: "mfa_required" });
  assert.deepEqual(evaluatePolicy(policy("/salary"), { acr: ACR_MFA, amr: [] }, NOW, auth0), { ok: false, reason: "mfa_stale" });
  assert.deepEqual(evaluatePolicy(policy("/accounts"), { amr: ["pwd"] }, NOW, auth0), { ok: false, reason: "api_token_expired" });
});

test("accounts needs an unexpired API token", () => {
  assert.deepEqual(evaluatePolicy(policy("/accounts"), password, NOW, auth0), { ok: true });
  assert.deepEqual(evaluatePolicy(policy("/accounts"), { ...password, accessTokenExpiresAt: NOW }, NOW, auth0), {
    ok: false,
    reason: "api_token_expired",
  });
});

test("confirming needs an unused, unexpired transfer token; filling in the form needs only the read token", () => {
  assert.deepEqual(evaluatePolicy(policy("/transfer/confirm"), mfa, NOW, auth0), { ok: false, reason: "transfer_token_required" });
  assert.deepEqual(evaluatePolicy(policy("/transfer/confirm"), { ...password, transferTokenExpiresAt: NOW + 60 }, NOW, auth0), { ok: true });
  assert.deepEqual(evaluatePolicy(policy("/transfer/confirm"), { ...password, transferTokenExpiresAt: NOW - 1 }, NOW, auth0), {
    ok: false,
    reason: "transfer_token_required",
  });
  assert.deepEqual(evaluatePolicy(policy("/transfer"), password, NOW, auth0), { ok: true });
  assert.equal(policy("/transfer").transferToken, false, "the page's own row says what viewing needs");
});

test("authorization needs come from the policy", () => {
  assert.deepEqual(authorizationNeeds(undefined, undefined, auth0), { scope: "openid profile email read:accounts", purpose: "sign_in" });
  const salary = authorizationNeeds(policy("/salary"), "mfa_required", auth0);
  assert.equal(salary.acrValues, ACR_MFA);
  assert.equal(salary.maxAge, 900);
  const transfer = authorizationNeeds(policy("/transfer/confirm"), "transfer_token_required", auth0);
  assert.equal(transfer.purpose, "transfer");
  assert.equal(transfer.acrValues, ACR_MFA);
  assert.ok(transfer.scope.split(" ").includes(SCOPES.transferFunds));
  assert.ok(!transfer.scope.split(" ").includes(SCOPES.readAccounts));
  // Signed out of /transfer: sign in first; the high-value scope is asked for when a transfer is submitted.
  assert.equal(authorizationNeeds(policy("/transfer"), "signed_out", auth0).purpose, "sign_in");
  assert.equal(authorizationNeeds(policy("/transfer/confirm"), "signed_out", auth0).purpose, "sign_in");
});

test("policyForPath is the one way in: a query or a sub-path keeps the policy; bench pages have none outside a bench run", () => {
  assert.equal(policyForPath("/salary?from=nav#top")?.path, "/salary");
  assert.equal(policyForPath("/salary/2026")?.path, "/salary");
  assert.equal(policyForPath("/salaryx"), undefined);
  assert.equal(policyForPath("/"), undefined);
  assert.equal(policyForPath("/bench/gated"), undefined);
  assert.ok(
    routeTable().every((p) => !p.path.startsWith("/bench")),
    "the product table holds no bench rows",
  );
});

test("confirming needs the transfer token approved for the waiting transfer, where the provider approves exact transfers", () => {
  const confirm = policy("/transfer/confirm");
  const token = { ...password, transferTokenExpiresAt: NOW + 60 };
  assert.deepEqual(evaluatePolicy(confirm, { ...token, transferTokenApproves: "A", pendingTransferApproval: "A" }, NOW, auth0), { ok: true });
  assert.deepEqual(evaluatePolicy(confirm, { ...token, transferTokenApproves: "A", pendingTransferApproval: "B" }, NOW, auth0), {
    ok: false,
    reason: "transfer_token_required",
  });
  assert.deepEqual(evaluatePolicy(confirm, { ...token, pendingTransferApproval: "B" }, NOW, auth0), { ok: false, reason: "transfer_token_required" });
  // A provider that cannot bind approvals (no RAR) issues tokens for any one transfer.
  assert.deepEqual(evaluatePolicy(confirm, { ...token, pendingTransferApproval: "B" }, NOW, PROFILES.keycloak), { ok: true });
});
