import assert from "node:assert/strict";
import { test } from "node:test";
import { AttemptLimiter, describeWait } from "./attempt-limiter";
import { UsedCodes } from "./used-codes";

test("the fifth failure locks for the configured time, then the count starts over", () => {
  const limiter = new AttemptLimiter(5, 300);
  for (let i = 0; i < 4; i += 1) assert.equal(limiter.recordFailure("Bob", 1000), 0);
  assert.equal(limiter.lockedFor("bob", 1000), 0);
  assert.equal(limiter.recordFailure("bob ", 1000), 300);
  assert.equal(limiter.lockedFor("BOB", 1100), 200);
  assert.equal(limiter.lockedFor("bob", 1300), 0);
  assert.equal(limiter.recordFailure("bob", 1300), 0);
});

test("success clears the count", () => {
  const limiter = new AttemptLimiter(5, 300);
  for (let i = 0; i < 4; i += 1) limiter.recordFailure("alice", 0);
  limiter.recordSuccess("alice");
  assert.equal(limiter.recordFailure("alice", 0), 0);
});

test("a code step is accepted once per user, and never an older one", () => {
  const codes = new UsedCodes();
  assert.equal(codes.consume("alice", 100), true);
  assert.equal(codes.consume("alice", 100), false);
  assert.equal(codes.consume("alice", 99), false);
  assert.equal(codes.consume("bob", 100), true);
  assert.equal(codes.consume("alice", 101), true);
  assert.equal(new UsedCodes(true).consume("alice", 1), true);
});

test("waits read naturally", () => {
  assert.equal(describeWait(300), "5 minutes");
  assert.equal(describeWait(61), "2 minutes");
  assert.equal(describeWait(1), "1 second");
});
