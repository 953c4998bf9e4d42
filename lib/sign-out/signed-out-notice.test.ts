import assert from "node:assert/strict";
import { test } from "node:test";
import { parseSignedOut, signedOutKind, signedOutSentence } from "./signed-out-notice";

test("with the session's ID token the provider signs out without asking, and the notice says both sessions ended", () => {
  const kind = signedOutKind({ provider: true, idTokenHint: true });
  assert.equal(kind, "signed_out_everywhere");
  assert.equal(
    signedOutSentence(kind, "Fabrikam Identity"),
    "You are signed out of the intranet and of Fabrikam Identity. Signing in again asks for your password.",
  );
});

test("without an ID token the provider asks, so the notice never claims its session ended", () => {
  const sentence = signedOutSentence(signedOutKind({ provider: true, idTokenHint: false }), "Fabrikam Identity");
  assert.match(sentence, /^You are signed out of the intranet\. /);
  assert.match(sentence, /if you chose "Stay signed in", you are still signed in there\.$/);
  assert.doesNotMatch(sentence, /and of Fabrikam Identity/);
});

test("an unreachable provider is named as such, whatever the hint", () => {
  for (const idTokenHint of [true, false]) {
    const sentence = signedOutSentence(signedOutKind({ provider: false, idTokenHint }), "Fabrikam Identity");
    assert.equal(sentence, "You are signed out of the intranet. Fabrikam Identity could not be reached, so you may still be signed in there.");
  }
});

test("a provider named in lower case still starts its sentence with a capital", () => {
  assert.equal(
    signedOutSentence("signed_out_here_unreachable", "your identity provider"),
    "You are signed out of the intranet. Your identity provider could not be reached, so you may still be signed in there.",
  );
  assert.match(signedOutSentence("signed_out_everywhere", "your identity provider"), /and of your identity provider\. /);
});

test("only the sign-out kinds are read from the flash cookie; other notices and junk are ignored", () => {
  assert.equal(parseSignedOut("signed_out_everywhere"), "signed_out_everywhere");
  for (const value of [undefined, "", "signed_in", "transfer_done", "signed_out", "SIGNED_OUT_EVERYWHERE", "toString", "__proto__"]) {
    assert.equal(parseSignedOut(value), undefined, String(value));
  }
});
