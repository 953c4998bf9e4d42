import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { AttemptLimiter, describeWait, type Attempt } from "./attempt-limiter";
import { UsedCodes } from "./used-codes";

const byUsername = () => new AttemptLimiter({ maxFailures: 5, lockSeconds: 300 });

/** Admits one attempt or fails the test. */
function admit(limiter: AttemptLimiter, key: string, now: number): Attempt {
  const admission = limiter.begin(key, now);
  assert.ok(admission.admitted, `an attempt for ${key} is admitted at ${now}`);
  return admission.attempt;
}

test("the fifth failure locks for the configured time, then the count starts over", () => {
  const limiter = byUsername();
  for (let i = 0; i < 4; i += 1) assert.equal(admit(limiter, "Bob", 1000).failed(1000), 0);
  assert.equal(limiter.lockedFor("bob", 1000), 0);
  assert.equal(admit(limiter, "bob ", 1000).failed(1000), 300);
  assert.deepEqual(limiter.begin("BOB", 1100), { admitted: false, lockedFor: 200 });
  assert.equal(limiter.lockedFor("bob", 1300), 0);
  assert.equal(admit(limiter, "bob", 1300).failed(1300), 0, "a new count after the lock ran out");
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
  assert.equal(limiter.begin("bob", 1299).admitted, false);
});

test("attempts in flight are counted before they are answered: no more are admitted than may still fail", () => {
  const limiter = byUsername();
  const inFlight = Array.from({ length: 5 }, () => admit(limiter, "bob", 1000));
  assert.deepEqual(limiter.begin("bob", 1000), { admitted: false, lockedFor: 0 }, "a sixth waits: the five may all fail");
  const locks = inFlight.map((attempt) => attempt.failed(1001));
  assert.deepEqual(locks, [0, 0, 0, 0, 300]);
  assert.deepEqual(limiter.begin("bob", 1001), { admitted: false, lockedFor: 300 });
});

test("a cancelled attempt frees its place and counts for nothing; success clears a username's count", () => {
  const limiter = byUsername();
  for (let i = 0; i < 4; i += 1) admit(limiter, "alice", 0).failed(0);
  admit(limiter, "alice", 0).cancel();
  admit(limiter, "alice", 0).succeeded();
  for (let i = 0; i < 4; i += 1) assert.equal(admit(limiter, "alice", 0).failed(0), 0, "the count started over");
  const attempt = admit(limiter, "alice", 0);
  attempt.cancel();
  assert.throws(() => attempt.failed(0), /ended twice/);
});

test("a key with a window (a client address): success does not clear the count, time does", () => {
  const limiter = new AttemptLimiter({ maxFailures: 3, lockSeconds: 60, windowSeconds: 60 });
  admit(limiter, "192.0.2.1", 0).failed(0);
  admit(limiter, "192.0.2.1", 10).failed(10);
  admit(limiter, "192.0.2.1", 20).succeeded();
  assert.equal(admit(limiter, "192.0.2.1", 30).failed(30), 60, "the third failure within the window locks");
  assert.equal(limiter.lockedFor("192.0.2.1", 89), 1);
  admit(limiter, "192.0.2.1", 90).failed(90);
  admit(limiter, "192.0.2.1", 100).failed(100);
  assert.equal(admit(limiter, "192.0.2.1", 150).failed(150), 0, "the failures at 90 and 100 began a window that ended at 150");
});

// Invariant, for any interleaving of attempts begun, answered (wrong, right, not evaluated) and time passing:
// between two resets (a success, a lock running out) at most maxFailures admitted attempts fail, counting those still
// in flight; the failure that reaches the limit locks for lockSeconds; while locked nothing is admitted; and a
// failure during a lock leaves it exactly as it was.
test("property: the limit holds for any interleaving of attempts (model-based)", () => {
  const MAX = 5;
  const LOCK = 300;
  const op = fc.oneof(
    fc.constant({ kind: "begin" as const }),
    fc.record({ kind: fc.constant("end" as const), pick: fc.nat(), outcome: fc.constantFrom("fail" as const, "succeed" as const, "cancel" as const) }),
    fc.record({ kind: fc.constant("tick" as const), seconds: fc.integer({ min: 0, max: 400 }) }),
  );
  fc.assert(
    fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
      const limiter = new AttemptLimiter({ maxFailures: MAX, lockSeconds: LOCK });
      const inFlight: Attempt[] = [];
      let now = 1_000;
      let failures = 0;
      let lockedUntil = 0;
      for (const step of ops) {
        if (step.kind === "tick") {
          now += step.seconds;
          if (lockedUntil > 0 && now >= lockedUntil) [lockedUntil, failures] = [0, 0];
        } else if (step.kind === "begin") {
          const admission = limiter.begin("bob", now);
          if (lockedUntil > now) assert.deepEqual(admission, { admitted: false, lockedFor: lockedUntil - now });
          if (admission.admitted) inFlight.push(admission.attempt);
          assert.ok(failures + inFlight.length <= MAX, `${failures} failures and ${inFlight.length} in flight`);
          if (!admission.admitted && lockedUntil <= now) assert.equal(failures + inFlight.length, MAX, "refused only when the limit is taken");
        } else if (inFlight.length > 0) {
          const [attempt] = inFlight.splice(step.pick % inFlight.length, 1);
          assert.ok(attempt);
          if (step.outcome === "cancel") attempt.cancel();
          if (step.outcome === "succeed") {
            attempt.succeeded();
            failures = 0;
          }
          if (step.outcome === "fail") {
            const lock = attempt.failed(now);
            if (lockedUntil > now) assert.equal(lock, lockedUntil - now, "a failure during a lock keeps it");
            else if (failures + 1 >= MAX) {
              assert.equal(lock, LOCK, "the failure that reaches the limit locks");
              [lockedUntil, failures] = [now + LOCK, 0];
            } else {
              assert.equal(lock, 0);
              failures += 1;
            }
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
