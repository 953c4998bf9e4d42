import assert from "node:assert/strict";
import { test } from "node:test";
import { explainWhy, maxAgeOf, reauthNotice } from "./sign-in-notices";

const context = { transferScope: "transfer:funds" };

test("an MFA page of the intranet is named as “the intranet page you opened”, with its window when max_age was sent", () => {
  assert.equal(
    explainWhy({ required: true, reason: "acr_values" }, { ...context, maxAge: 900 }),
    "Fabrikam Intranet asks for a second factor because the intranet page you opened needs multi-factor authentication from the last 15 minutes.",
  );
  assert.equal(
    explainWhy({ required: true, reason: "claims" }, context),
    "Fabrikam Intranet asks for a second factor because the intranet page you opened needs multi-factor authentication.",
  );
  assert.match(explainWhy({ required: true, reason: "acr_values" }, { ...context, maxAge: 90 }), /from the last 90 seconds\.$/);
});

test("a high-value scope is named literally, with what it means, and said to be asked every time", () => {
  assert.equal(
    explainWhy({ required: true, reason: "high_value_scope", scopes: ["transfer:funds"] }, { ...context, maxAge: 900 }),
    "Fabrikam Intranet asks for a second factor because you requested transfer:funds (a funds transfer). This is asked every time.",
  );
  assert.match(
    explainWhy({ required: true, reason: "high_value_scope", scopes: ["payments:write"] }, { transferScope: "payments:write" }),
    /payments:write \(a funds transfer\)/,
  );
});

test("signing in again says how old is too old, and that a second factor follows when it does", () => {
  assert.equal(
    reauthNotice(["max_age"], { maxAge: 900, secondFactorFollows: true }),
    "Fabrikam Intranet asks you to sign in again because your last sign-in is more than 15 minutes old. After your password, it also asks for a second factor.",
  );
  assert.equal(
    reauthNotice(["max_age"], { maxAge: 0, secondFactorFollows: false }),
    "Fabrikam Intranet asks you to sign in again because your last sign-in is too old.",
  );
  assert.equal(
    reauthNotice(["login_prompt"], { secondFactorFollows: true }),
    "Fabrikam Intranet asks you to sign in again. After your password, it also asks for a second factor.",
  );
  assert.equal(reauthNotice(["no_session"], { secondFactorFollows: true }), undefined);
});

test("max_age is read as oidc-provider keeps it", () => {
  assert.equal(maxAgeOf("900"), 900);
  assert.equal(maxAgeOf("0"), 0);
  assert.equal(maxAgeOf(undefined), undefined);
  assert.equal(maxAgeOf("-1"), undefined);
  assert.equal(maxAgeOf("abc"), undefined);
});
