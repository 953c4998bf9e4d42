import assert from "node:assert/strict";
import { test } from "node:test";
import { onEveryAppDatabase } from "@/testing/app-db-backends";
import { keepTransferToken, peekTransferToken, takeTransferToken } from "./transfer-token-store";

const SECRET = "test-session-secret-0123456789-abcdefghijklmnop";
const T0 = 1_800_000_000;

onEveryAppDatabase((db) => {
  test("a transfer token is taken once: a second take, or an old copy of the cookie, finds nothing", async () => {
    await keepTransferToken(db(), "sid-once-0123456789", "token-A", T0 + 300, SECRET);
    assert.equal(await peekTransferToken(db(), "sid-once-0123456789", T0, SECRET), "token-A", "peeking leaves it in place");
    assert.equal(await takeTransferToken(db(), "sid-once-0123456789", T0, SECRET), "token-A");
    assert.equal(await takeTransferToken(db(), "sid-once-0123456789", T0, SECRET), undefined);
    assert.equal(await peekTransferToken(db(), "sid-once-0123456789", T0, SECRET), undefined);
  });

  test("of ten confirmations racing for one token, exactly one gets it", async () => {
    await keepTransferToken(db(), "sid-race-0123456789", "token-B", T0 + 300, SECRET);
    const taken = await Promise.all(Array.from({ length: 10 }, () => takeTransferToken(db(), "sid-race-0123456789", T0, SECRET)));
    assert.deepEqual(taken.filter(Boolean), ["token-B"]);
  });

  test("an expired token, another session's, or one sealed under another secret is not handed out", async () => {
    await keepTransferToken(db(), "sid-old-0123456789a", "token-C", T0 + 300, SECRET);
    assert.equal(await takeTransferToken(db(), "sid-old-0123456789a", T0 + 300, SECRET), undefined, "expired");
    await keepTransferToken(db(), "sid-mine-0123456789", "token-D", T0 + 300, SECRET);
    assert.equal(await takeTransferToken(db(), "sid-other-012345678", T0, SECRET), undefined, "another session's");
    assert.equal(await takeTransferToken(db(), "sid-mine-0123456789", T0, "another-secret-0123456789-abcdefghijkl"), undefined, "another secret");
  });

  test("the store holds the token sealed, never as sent", async () => {
    await keepTransferToken(db(), "sid-sealed-01234567", "eyJhbGciOi.secret-token.sig", T0 + 300, SECRET);
    const { rows } = await db().query<{ sealed: string }>("SELECT sealed FROM intranet_transfer_tokens WHERE sid = $1", ["sid-sealed-01234567"]);
    assert.ok(rows[0] && !rows[0].sealed.includes("secret-token"));
  });
});
