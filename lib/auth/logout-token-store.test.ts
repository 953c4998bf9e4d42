import assert from "node:assert/strict";
import { test } from "node:test";
import { onEveryAppDatabase } from "@/testing/app-db-backends";
import { providerSessionEnded, spendLogoutTokenId } from "./logout-token-store";

const NOW = 1_800_000_000;

onEveryAppDatabase((db) => {
  test("a logout token is spent once; a replay, even racing the first delivery, is refused", async () => {
    const [first, second] = await Promise.all([spendLogoutTokenId(db(), "jti-race", NOW + 300, NOW), spendLogoutTokenId(db(), "jti-race", NOW + 300, NOW)]);
    assert.deepEqual([first, second].sort(), [false, true]);
    assert.equal(await spendLogoutTokenId(db(), "jti-race", NOW + 300, NOW + 1), false);
  });

  test("the provider's session counts as ended only by a logout token for that session (or that user alone), received since", async () => {
    await spendLogoutTokenId(db(), "jti-sid", NOW + 300, NOW, { idpSid: "idp-session-1", sub: "alice" });
    await spendLogoutTokenId(db(), "jti-sub-only", NOW + 300, NOW, { sub: "bob" });
    // The session that was asked to end, since the sign-out began: confirmed.
    assert.equal(await providerSessionEnded(db(), { idpSid: "idp-session-1", sub: "alice" }, NOW), true);
    // Another provider session of the same user: a token naming a session says nothing of the others.
    assert.equal(await providerSessionEnded(db(), { idpSid: "idp-session-2", sub: "alice" }, NOW), false);
    // A token that arrived before this sign-out began was about an earlier one.
    assert.equal(await providerSessionEnded(db(), { idpSid: "idp-session-1", sub: "alice" }, NOW + 1), false);
    // A token naming only the user ends every session of that user, known sid or not.
    assert.equal(await providerSessionEnded(db(), { idpSid: "idp-session-9", sub: "bob" }, NOW), true);
    assert.equal(await providerSessionEnded(db(), { sub: "bob" }, NOW), true);
    // An intranet session that never learned its provider sid is not confirmed by another session's token.
    assert.equal(await providerSessionEnded(db(), { sub: "alice" }, NOW), false);
    assert.equal(await providerSessionEnded(db(), { sub: "carol" }, NOW), false);
  });
});
