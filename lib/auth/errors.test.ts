import assert from "node:assert/strict";
import { test } from "node:test";
import { AUTH_ERRORS, authErrorFromProvider, isAuthErrorCode } from "./errors";

test("each listed provider error gets its own explanation", () => {
  const expected = {
    access_denied: "access_denied",
    unmet_authentication_requirements: "unmet_authentication_requirements",
    login_required: "login_required",
    interaction_required: "interaction_required",
    account_selection_required: "interaction_required",
    consent_required: "consent_required",
    temporarily_unavailable: "temporarily_unavailable",
  } as const;
  for (const [error, code] of Object.entries(expected)) {
    assert.equal(authErrorFromProvider(error), code, error);
    assert.ok(isAuthErrorCode(code));
    assert.ok(AUTH_ERRORS[code].title.length > 0 && AUTH_ERRORS[code].explanation.length > 0 && AUTH_ERRORS[code].admin.length > 0);
  }
});

test("unknown or hostile error values fall back to provider_error", () => {
  for (const error of ["server_error", "invalid_request", "", "__proto__", "toString", "constructor"]) {
    assert.equal(authErrorFromProvider(error), "provider_error", error);
  }
});
