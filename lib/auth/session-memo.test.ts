import assert from "node:assert/strict";
import { beforeEach, test } from "node:test";
import { clearSessionMemo, memoizedUnseal, SESSION_MEMO_MAX_ENTRIES, SESSION_MEMO_TTL_MS, sessionMemoSize } from "./session-memo";

const T0 = 1_800_000_000_000;
let unseals = 0;
const unsealTo =
  <T>(value: T) =>
  async () => {
    unseals += 1;
    return value;
  };

beforeEach(() => {
  clearSessionMemo();
  unseals = 0;
});

test("a cookie read again within the lifetime is not unsealed again; after it, it is", async () => {
  assert.deepEqual(await memoizedUnseal("cookie", "secret", unsealTo({ sub: "alice" }), T0), { sub: "alice" });
  assert.deepEqual(await memoizedUnseal("cookie", "secret", unsealTo({ sub: "mallory" }), T0 + SESSION_MEMO_TTL_MS - 1), { sub: "alice" });
  assert.equal(unseals, 1);
  assert.deepEqual(await memoizedUnseal("cookie", "secret", unsealTo({ sub: "alice" }), T0 + SESSION_MEMO_TTL_MS), { sub: "alice" });
  assert.equal(unseals, 2);
});

test("another cookie value or another secret is a miss, and a refused cookie is never remembered", async () => {
  await memoizedUnseal("cookie", "secret", unsealTo({ sub: "alice" }), T0);
  assert.equal(await memoizedUnseal("cookie!", "secret", unsealTo(undefined), T0), undefined);
  assert.equal(await memoizedUnseal("cookie", "another secret", unsealTo(undefined), T0), undefined);
  assert.equal(await memoizedUnseal("cookie!", "secret", unsealTo(undefined), T0), undefined);
  assert.equal(unseals, 4);
  assert.equal(sessionMemoSize(), 1);
});

test("what is remembered cannot be changed by one request for the next", async () => {
  const session = await memoizedUnseal("cookie", "secret", unsealTo({ sub: "alice", amr: ["pwd"] }), T0);
  assert.throws(() => {
    (session as { amr: string[] }).amr.push("mfa");
  }, TypeError);
  assert.deepEqual(await memoizedUnseal("cookie", "secret", unsealTo(undefined), T0), { sub: "alice", amr: ["pwd"] });
});

test("the memo is bounded: the oldest entry leaves first", async () => {
  for (let i = 0; i <= SESSION_MEMO_MAX_ENTRIES; i += 1) await memoizedUnseal(`cookie-${i}`, "secret", unsealTo({ i }), T0);
  assert.equal(sessionMemoSize(), SESSION_MEMO_MAX_ENTRIES);
  unseals = 0;
  await memoizedUnseal(`cookie-${SESSION_MEMO_MAX_ENTRIES}`, "secret", unsealTo({ i: -1 }), T0);
  assert.equal(unseals, 0, "the newest entry was dropped");
  await memoizedUnseal("cookie-0", "secret", unsealTo({ i: 0 }), T0);
  assert.equal(unseals, 1, "the oldest entry was kept");
});
