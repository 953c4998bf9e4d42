import assert from "node:assert/strict";
import { test } from "node:test";
import { PUSH_TTL_SECONDS, PushRequests } from "./push";

const T = 1_700_000_000;
const input = { accountId: "alice", interactionUid: "uid-1", clientName: "Fabrikam Intranet", why: "because" };

test("an approval is used once, only by its own sign-in and account", () => {
  const store = new PushRequests();
  const request = store.create(input, T);
  assert.equal(store.consumeApproval("uid-1", "alice", T), false, "pending is not approved");
  assert.equal(store.answer(request.id, "alice", true, T + 1), true);
  assert.equal(store.consumeApproval("uid-2", "alice", T + 2), false, "another sign-in");
  assert.equal(store.consumeApproval("uid-1", "bob", T + 2), false, "another account");
  assert.equal(store.consumeApproval("uid-1", "alice", T + 2), true);
  assert.equal(store.consumeApproval("uid-1", "alice", T + 3), false, "single use");
});

test("only the account owner can answer, and only once", () => {
  const store = new PushRequests();
  const request = store.create(input, T);
  assert.equal(store.answer(request.id, "bob", true, T), false);
  assert.equal(store.answer("no-such-id", "alice", true, T), false);
  assert.equal(store.answer(request.id, "alice", false, T), true);
  assert.equal(store.answer(request.id, "alice", true, T), false, "a denial cannot be turned into an approval");
  assert.equal(store.forInteraction("uid-1", T)?.status, "denied");
  assert.equal(store.consumeApproval("uid-1", "alice", T), false);
});

test("requests expire unanswered and then cannot be approved", () => {
  const store = new PushRequests();
  const request = store.create(input, T);
  assert.deepEqual(store.pendingFor("alice", T).map((r) => r.id), [request.id]);
  const later = T + PUSH_TTL_SECONDS;
  assert.deepEqual(store.pendingFor("alice", later), []);
  assert.equal(store.answer(request.id, "alice", true, later), false);
  assert.equal(store.forInteraction("uid-1", later)?.status, "expired");
});

test("a new request replaces the earlier one of the same sign-in", () => {
  const store = new PushRequests();
  const first = store.create(input, T);
  const second = store.create(input, T + 5);
  assert.equal(store.answer(first.id, "alice", true, T + 6), false);
  assert.equal(store.forInteraction("uid-1", T + 6)?.id, second.id);
});
