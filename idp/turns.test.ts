/** One turn at a time per key, in arrival order, with a cap on how many wait. */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { Turns } from "./turns";

test("turns of one key run one after another in arrival order; other keys do not wait", async () => {
  const turns = new Turns(10);
  const order: string[] = [];
  const first = await turns.take("bob");
  assert.ok(first);
  const second = turns.take("bob").then((end) => {
    order.push("bob 2");
    end?.();
  });
  const third = turns.take("bob").then((end) => {
    order.push("bob 3");
    end?.();
  });
  const alice = await turns.take("alice");
  assert.ok(alice, "another key has its own turn at once");
  order.push("alice");
  alice();
  assert.equal(turns.waitingFor("bob"), 3);
  order.push("bob 1");
  first();
  first();
  await Promise.all([second, third]);
  assert.deepEqual(order, ["alice", "bob 1", "bob 2", "bob 3"]);
  assert.equal(turns.waitingFor("bob"), 0, "ending twice ended once");
});

test("beyond the cap, a request is refused at once, and a place frees when a turn ends", async () => {
  const turns = new Turns(2);
  const first = await turns.take("bob");
  const waiting = turns.take("bob");
  assert.equal(await turns.take("bob"), undefined);
  first?.();
  const second = await waiting;
  assert.ok(second);
  const third = turns.take("bob");
  second();
  (await third)?.();
  assert.equal(turns.waitingFor("bob"), 0);
});

// Invariant: for any number of requests for a few keys, each holding its turn for any time, no two turns of one key
// overlap, every request under the cap gets its turn, and turns of one key begin in the order they were asked for.
test("property: turns of one key never overlap and come in arrival order", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.tuple(fc.constantFrom("alice", "bob", "carol"), fc.integer({ min: 0, max: 3 })), { minLength: 1, maxLength: 30 }),
      async (requests) => {
        const turns = new Turns(1_000);
        const holding = new Map<string, number>();
        const started: Record<string, number[]> = {};
        await Promise.all(
          requests.map(async ([key, ticks], index) => {
            const end = await turns.take(key);
            assert.ok(end, "under the cap every request gets a turn");
            assert.equal(holding.get(key) ?? 0, 0, `two turns of ${key} at once`);
            holding.set(key, 1);
            started[key] = [...(started[key] ?? []), index];
            for (let i = 0; i < ticks; i += 1) await Promise.resolve();
            holding.set(key, 0);
            end();
          }),
        );
        for (const indexes of Object.values(started))
          assert.deepEqual(
            indexes,
            [...indexes].sort((a, b) => a - b),
          );
      },
    ),
    { numRuns: 1_000 },
  );
});
