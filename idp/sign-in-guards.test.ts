/** The brakes every password and code check passes through: per username (taking turns) and per client address. */
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  beginAttempt,
  createSignInGuards,
  type GuardedAttempt,
  MAX_WAITING_PER_USERNAME,
  refusalMessage,
  type SignInGuards,
  whileHoldingTurn,
} from "./sign-in-guards";

const guards = (clientFailures = 6) => createSignInGuards({ lockoutSeconds: 300, lockoutClientFailures: clientFailures, allowOtpReuse: false });
const at = (seconds: number) => () => seconds;

async function admitted(g: SignInGuards, username: string, client: string, now = 0): Promise<GuardedAttempt> {
  const result = await beginAttempt(g, username, client, at(now));
  assert.ok(result.ok, `${username} from ${client} is admitted`);
  return result.attempt;
}

test("parallel checks of one username take turns: after the fifth failure the rest are refused unevaluated", async () => {
  const g = guards(1_000);
  let evaluated = 0;
  const outcomes = await Promise.all(
    Array.from({ length: 32 }, async () => {
      const result = await beginAttempt(g, "bob", "192.0.2.1", at(0));
      if (!result.ok) return result.refusal.kind;
      evaluated += 1;
      // The slow part: the password hash.
      await new Promise((resolve) => setImmediate(resolve));
      return result.attempt.failed(0)?.kind ?? "wrong";
    }),
  );
  assert.equal(evaluated, 5);
  assert.deepEqual(outcomes.slice(0, 5), ["wrong", "wrong", "wrong", "wrong", "account_locked"]);
  assert.ok(outcomes.slice(5).every((kind) => kind === "account_locked"));
});

test("parallel sign-ins of one person wait their turn instead of being refused", async () => {
  const g = guards();
  const results = await Promise.all(
    Array.from({ length: 40 }, async () => {
      const result = await beginAttempt(g, "alice", "192.0.2.1", at(0));
      if (result.ok) result.attempt.succeeded();
      return result.ok;
    }),
  );
  assert.ok(results.every(Boolean));
});

test(`more than ${MAX_WAITING_PER_USERNAME} checks waiting for one username: the rest are refused at once`, async () => {
  const g = guards();
  const first = await admitted(g, "bob", "192.0.2.1");
  const waiting = Array.from({ length: MAX_WAITING_PER_USERNAME - 1 }, () => beginAttempt(g, "bob", "192.0.2.1", at(0)));
  assert.deepEqual(await beginAttempt(g, "bob", "192.0.2.1", at(0)), { ok: false, refusal: { kind: "busy" } });
  first.release();
  // Each waiting check gets its turn once the one before it ends.
  for (const pending of waiting) {
    const result = await pending;
    assert.ok(result.ok);
    result.attempt.release();
  }
});

test("an ending after the first does nothing", async () => {
  const g = guards();
  const attempt = await admitted(g, "alice", "192.0.2.1");
  assert.equal(attempt.failed(0), undefined);
  attempt.release();
  attempt.succeeded();
  for (let i = 0; i < 3; i += 1) (await admitted(g, "alice", "192.0.2.1")).failed(0);
  assert.deepEqual(
    (await admitted(g, "alice", "192.0.2.1")).failed(0),
    { kind: "account_locked", seconds: 300 },
    "the success after the failure did not count",
  );
});

test("a check that throws ends its attempt, so the next one in line goes", async () => {
  const g = guards();
  const attempt = await admitted(g, "alice", "192.0.2.1");
  const next = beginAttempt(g, "alice", "192.0.2.1", at(0));
  await assert.rejects(
    whileHoldingTurn(attempt, async () => Promise.reject(new Error("scrypt failed"))),
    /scrypt failed/,
  );
  const result = await next;
  assert.ok(result.ok, "the next check has its turn");
  result.attempt.release();
});

test("a client that failed too often is paused for every username; another client is not", async () => {
  const g = guards(6);
  for (let i = 0; i < 5; i += 1) assert.equal((await admitted(g, `user-${i}`, "192.0.2.1")).failed(0), undefined);
  assert.deepEqual((await admitted(g, "user-5", "192.0.2.1")).failed(0), { kind: "client_locked", seconds: 300 });
  assert.deepEqual(await beginAttempt(g, "alice", "192.0.2.1", at(10)), { ok: false, refusal: { kind: "client_locked", seconds: 290 } });
  (await admitted(g, "alice", "198.51.100.7", 10)).succeeded();
});

test("a locked username is locked from every client, and refusing it costs the refused client nothing", async () => {
  const g = guards(6);
  for (let i = 0; i < 4; i += 1) (await admitted(g, "bob", "192.0.2.1")).failed(0);
  assert.deepEqual((await admitted(g, "bob", "192.0.2.2")).failed(0), { kind: "account_locked", seconds: 300 });
  for (let i = 0; i < 20; i += 1) {
    assert.deepEqual(await beginAttempt(g, "bob", "198.51.100.7", at(1)), { ok: false, refusal: { kind: "account_locked", seconds: 299 } });
  }
  for (let i = 0; i < 5; i += 1) assert.equal((await admitted(g, `user-${i}`, "198.51.100.7", 1)).failed(1), undefined);
});

test("a right password on the way to a second factor is counted neither way", async () => {
  const g = guards(6);
  for (let i = 0; i < 4; i += 1) (await admitted(g, "alice", "192.0.2.1")).failed(0);
  (await admitted(g, "alice", "192.0.2.1")).release();
  assert.deepEqual((await admitted(g, "alice", "192.0.2.1")).failed(0), { kind: "account_locked", seconds: 300 }, "the count did not start over");
});

test("each refusal has a sentence a person can act on", () => {
  assert.match(refusalMessage({ kind: "account_locked", seconds: 300 }), /locked for 5 minutes; try again after that/);
  assert.match(refusalMessage({ kind: "client_locked", seconds: 61 }), /from your network\. Sign-in from here is paused for 2 minutes/);
  assert.match(refusalMessage({ kind: "busy" }), /Wait a few seconds and try again/);
});
