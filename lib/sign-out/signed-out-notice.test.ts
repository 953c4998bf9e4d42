import assert from "node:assert/strict";
import { test } from "node:test";
import { parseSignOutAttempt, type SignOutAttempt, signedOutKind, signedOutSentence, signOutAttempt } from "./signed-out-notice";

const P = "Fabrikam Identity";

test("only the provider's confirmation makes the notice say its session ended, whatever the route sent", () => {
  for (const idTokenHint of [true, false]) {
    const attempt = signOutAttempt({ provider: true, idTokenHint });
    assert.equal(attempt, idTokenHint ? "signed_out_here_hinted" : "signed_out_here_asked");
    assert.equal(
      signedOutSentence(signedOutKind(attempt, true), P),
      "You are signed out of the intranet and of Fabrikam Identity. Signing in again asks for your password.",
    );
    const unconfirmed = signedOutSentence(signedOutKind(attempt, false), P);
    assert.match(unconfirmed, /^You are signed out of the intranet\. /);
    assert.match(unconfirmed, /if (it asked you and )?you chose "Stay signed in", you are still signed in there\.$/);
    assert.doesNotMatch(unconfirmed, /and of Fabrikam Identity/);
  }
});

test("an unreachable provider is named as such, whatever the hint, and no confirmation changes that", () => {
  for (const idTokenHint of [true, false]) {
    const attempt = signOutAttempt({ provider: false, idTokenHint });
    for (const confirmed of [true, false]) {
      assert.equal(
        signedOutSentence(signedOutKind(attempt, confirmed), P),
        "You are signed out of the intranet. Fabrikam Identity could not be reached, so you may still be signed in there.",
      );
    }
  }
});

test("a provider named in lower case still starts its sentence with a capital", () => {
  assert.equal(
    signedOutSentence("signed_out_here_unreachable", "your identity provider"),
    "You are signed out of the intranet. Your identity provider could not be reached, so you may still be signed in there.",
  );
  assert.match(signedOutSentence("signed_out_everywhere", "your identity provider"), /and of your identity provider\. /);
});

test("only the attempts are read from the flash cookie: not the confirmed kind (a script could write it), other notices or junk", () => {
  for (const attempt of ["signed_out_here_hinted", "signed_out_here_asked", "signed_out_here_unreachable"] satisfies SignOutAttempt[]) {
    assert.equal(parseSignOutAttempt(attempt), attempt);
  }
  for (const value of [undefined, "", "signed_out_everywhere", "signed_in", "transfer_done", "signed_out", "SIGNED_OUT_HERE_ASKED", "toString", "__proto__"]) {
    assert.equal(parseSignOutAttempt(value), undefined, String(value));
  }
});
