import assert from "node:assert/strict";
import { test } from "node:test";
import { MAX_PENDING_PER_ACCOUNT, PUSH_TTL_SECONDS, type PushRequest, PushRequests } from "./push";

const T = 1_700_000_000;
const input = { accountId: "alice", interactionUid: "uid-1", clientName: "Fabrikam Intranet", why: "because", transferKey: "" };

function created(store: PushRequests, overrides: Partial<typeof input> = {}, now = T): PushRequest {
  const request = store.create({ ...input, ...overrides }, now);
  assert.ok(request, "the store opened a request");
  return request;
}

test("each request gets a two-digit number to match", () => {
  const store = new PushRequests();
  const numbers = new Set<number>();
  for (let i = 0; i < 200; i += 1) {
    const { number } = created(store, { interactionUid: "uid-n" });
    assert.ok(Number.isInteger(number) && number >= 10 && number <= 99, `${number} has two digits`);
    numbers.add(number);
  }
  assert.ok(numbers.size > 20, "numbers are drawn at random");
});

test("an approval needs the number and is used once, only by its own sign-in and account", () => {
  const store = new PushRequests();
  const request = created(store);
  assert.equal(store.consumeApproval("uid-1", "alice", "", T), false, "pending is not approved");
  assert.equal(store.approve(request.id, "alice", ` ${request.number} `, T + 1), "approved");
  assert.equal(store.consumeApproval("uid-2", "alice", "", T + 2), false, "another sign-in");
  assert.equal(store.consumeApproval("uid-1", "bob", "", T + 2), false, "another account");
  assert.equal(store.consumeApproval("uid-1", "alice", "", T + 2), true);
  assert.equal(store.consumeApproval("uid-1", "alice", "", T + 3), false, "single use");
  assert.equal(store.forInteraction("uid-1", T + 3)?.status, "used", "kept as spent, so a racing completion can tell");
});

test("an approval of one transfer completes only a sign-in for exactly that transfer", () => {
  const store = new PushRequests();
  const request = created(store, { transferKey: '["fabrikam_transfer","acc_a","acc_b","3.21","USD"]' });
  assert.equal(store.approve(request.id, "alice", String(request.number), T + 1), "approved");
  assert.equal(store.consumeApproval("uid-1", "alice", '["fabrikam_transfer","acc_a","acc_b","321.00","USD"]', T + 2), false, "another amount");
  assert.equal(store.consumeApproval("uid-1", "alice", "", T + 2), false, "no transfer");
  assert.equal(store.consumeApproval("uid-1", "alice", '["fabrikam_transfer","acc_a","acc_b","3.21","USD"]', T + 2), true);
});

test("a wrong number denies the request for good (fails closed)", () => {
  const store = new PushRequests();
  const request = created(store);
  const wrong = String(request.number === 99 ? 10 : request.number + 1);
  assert.equal(store.approve(request.id, "alice", wrong, T + 1), "wrong_number");
  assert.equal(store.forInteraction("uid-1", T + 1)?.status, "wrong_number");
  assert.equal(store.approve(request.id, "alice", String(request.number), T + 2), "gone", "no second try");
  assert.equal(store.consumeApproval("uid-1", "alice", "", T + 2), false);
  assert.deepEqual(store.pendingFor("alice", T + 2), []);

  const empty = created(store, { interactionUid: "uid-2" });
  assert.equal(store.approve(empty.id, "alice", "", T + 3), "wrong_number", "no number is a wrong number");
});

test("only the account owner can answer, and only once", () => {
  const store = new PushRequests();
  const request = created(store);
  assert.equal(store.approve(request.id, "bob", String(request.number), T), "gone");
  assert.equal(store.deny(request.id, "bob", T), "gone");
  assert.equal(store.approve("no-such-id", "alice", String(request.number), T), "gone");
  assert.equal(store.deny(request.id, "alice", T), "denied");
  assert.equal(store.approve(request.id, "alice", String(request.number), T), "gone", "a denial cannot be turned into an approval");
  assert.equal(store.forInteraction("uid-1", T)?.status, "denied");
  assert.equal(store.consumeApproval("uid-1", "alice", "", T), false);
});

test("requests expire unanswered and then cannot be approved", () => {
  const store = new PushRequests();
  const request = created(store);
  assert.deepEqual(
    store.pendingFor("alice", T).map((r) => r.id),
    [request.id],
  );
  const later = T + PUSH_TTL_SECONDS;
  assert.deepEqual(store.pendingFor("alice", later), []);
  assert.equal(store.approve(request.id, "alice", String(request.number), later), "gone");
  assert.equal(store.forInteraction("uid-1", later)?.status, "expired");
});

test("a new request replaces the earlier one of the same sign-in", () => {
  const store = new PushRequests();
  const first = created(store);
  const second = created(store, {}, T + 5);
  assert.equal(store.approve(first.id, "alice", String(first.number), T + 6), "gone");
  assert.equal(store.forInteraction("uid-1", T + 6)?.id, second.id);
});

test("at most three requests wait per account; answering or expiry makes room, and other accounts are unaffected", () => {
  const store = new PushRequests();
  const waiting = [1, 2, 3].map((n) => created(store, { interactionUid: `uid-${n}` }));
  assert.equal(MAX_PENDING_PER_ACCOUNT, 3);
  assert.equal(store.create({ ...input, interactionUid: "uid-4" }, T + 1), undefined, "a fourth is refused");
  assert.equal(store.forInteraction("uid-4", T + 1), undefined, "and nothing is sent");
  assert.ok(store.create({ ...input, interactionUid: "uid-3" }, T + 1), "a waiting sign-in may still send again (it replaces its own)");
  assert.ok(store.create({ ...input, accountId: "bob", interactionUid: "uid-bob" }, T + 1));

  const [first] = waiting;
  assert.ok(first);
  assert.equal(store.deny(first.id, "alice", T + 2), "denied");
  assert.ok(store.create({ ...input, interactionUid: "uid-4" }, T + 2), "a denial makes room");
  assert.equal(store.create({ ...input, interactionUid: "uid-5" }, T + 2), undefined);
  assert.ok(store.create({ ...input, interactionUid: "uid-5" }, T + PUSH_TTL_SECONDS + 1), "expiry makes room");
});
