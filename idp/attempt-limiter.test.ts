import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { AttemptLimiter, describeWait } from "./attempt-limiter";
import { UsedCodes } from "./used-codes";

const byUsername = () => new AttemptLimiter({ maxFailures: 5, lockSeconds: 300 });

test("the fifth failure locks for the configured time, then the count starts over", () => {
  const limiter = byUsername();
  for (let i = 0; i < 4; i += 1) assert.equal(limiter.recordFailure("Bob", 1000), 0);
  assert.equal(limiter.lockedFor("bob", 1000), 0);
  assert.equal(limiter.recordFailure("bob ", 1000), 300);
  assert.equal(limiter.lockedFor("BOB", 1100), 200);
  assert.equal(limiter.lockedFor("bob", 1300), 0);
  assert.equal(limiter.recordFailure("bob", 1300), 0, "a new count after the lock ran out");
});

test("a failure while locked keeps the lock: it neither shortens nor clears it", () => {
  const limiter = byUsername();
  for (let i = 0; i < 5; i += 1) limiter.recordFailure("bob", 1000);
  assert.equal(limiter.lockedFor("bob", 1000), 300);
  // The old limiter started a new count of 1 here, which cleared the lock.
  assert.equal(limiter.recordFailure("bob", 1100), 200);
  assert.equal(limiter.lockedFor("bob", 1100), 200);
  for (let i = 0; i < 10; i += 1) limiter.recordFailure("bob", 1200);
  assert.equal(limiter.lockedFor("bob", 1200), 100, "nor does it extend it: the lock ends when it said it would");
});

test("success clears a username's count but not its lock", () => {
  const limiter = byUsername();
  for (let i = 0; i < 4; i += 1) limiter.recordFailure("alice", 0);
  limiter.recordSuccess("alice", 0);
  for (let i = 0; i < 4; i += 1) assert.equal(limiter.recordFailure("alice", 0), 0, "the count started over");
  assert.equal(limiter.recordFailure("alice", 0), 300);
  limiter.recordSuccess("alice", 1);
  assert.equal(limiter.lockedFor("alice", 1), 299);
});

test("a key with a window (a client address): success does not clear the count, time does", () => {
  const limiter = new AttemptLimiter({ maxFailures: 3, lockSeconds: 60, windowSeconds: 60 });
  limiter.recordFailure("192.0.2.1", 0);
  limiter.recordFailure("192.0.2.1", 10);
  limiter.recordSuccess("192.0.2.1", 20);
  assert.equal(limiter.recordFailure("192.0.2.1", 30), 60, "the third failure within the window locks");
  assert.equal(limiter.lockedFor("192.0.2.1", 89), 1);
  limiter.recordFailure("192.0.2.1", 90);
  limiter.recordFailure("192.0.2.1", 100);
  assert.equal(limiter.recordFailure("192.0.2.1", 150), 0, "the failures at 90 and 100 began a window that ended at 150");
});

// Invariant, for any sequence of failures, successes and time passing: between two resets (a success, a lock running
// out) the limit-th failure locks for exactly lockSeconds and no earlier one does; a failure during a lock leaves it
// as it was; a success never lifts a lock; and lockedFor always says how long the lock still runs.
test("property: the count and the lock follow the rules for any sequence (model-based)", () => {
  const MAX = 5;
  const LOCK = 300;
  const step = fc.oneof(
    fc.constant({ kind: "fail" as const }),
    fc.constant({ kind: "succeed" as const }),
    fc.record({ kind: fc.constant("tick" as const), seconds: fc.integer({ min: 0, max: 400 }) }),
  );
  fc.assert(
    fc.property(fc.array(step, { maxLength: 80 }), (steps) => {
      const limiter = new AttemptLimiter({ maxFailures: MAX, lockSeconds: LOCK });
      let now = 1_000;
      let failures = 0;
      let lockedUntil = 0;
      for (const s of steps) {
        if (s.kind === "tick") {
          now += s.seconds;
          if (lockedUntil > 0 && now >= lockedUntil) [lockedUntil, failures] = [0, 0];
        } else if (s.kind === "succeed") {
          limiter.recordSuccess("bob", now);
          failures = 0;
        } else {
          const lock = limiter.recordFailure("bob", now);
          if (lockedUntil > now) assert.equal(lock, lockedUntil - now, "a failure during a lock keeps it");
          else if (failures + 1 >= MAX) {
            assert.equal(lock, LOCK, "the failure that reaches the limit locks");
            [lockedUntil, failures] = [now + LOCK, 0];
          } else {
            assert.equal(lock, 0, "no lock before the limit");
            failures += 1;
          }
        }
        assert.equal(limiter.lockedFor("bob", now), Math.max(0, lockedUntil - now));
      }
    }),
    { numRuns: 2_000 },
  );
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
