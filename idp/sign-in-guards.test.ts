/** The two counts every password and code check passes through: per username and per client address. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { beginAttempt, createSignInGuards, refusalMessage, type GuardedAttempt, type SignInGuards } from "./sign-in-guards";

const guards = (clientFailures = 6) => createSignInGuards({ lockoutSeconds: 300, lockoutClientFailures: clientFailures, allowOtpReuse: false });

function admitted(g: SignInGuards, username: string, client: string, now = 0): GuardedAttempt {
  const result = beginAttempt(g, username, client, now);
  assert.ok(result.ok, `${username} from ${client} is admitted`);
  return result.attempt;
}

test("a client that failed too often is paused for every username; another client is not", () => {
  const g = guards(6);
  for (let i = 0; i < 5; i += 1) assert.equal(admitted(g, `user-${i}`, "192.0.2.1").failed(0), undefined);
  assert.deepEqual(admitted(g, "user-5", "192.0.2.1").failed(0), { kind: "client_locked", seconds: 300 });
  assert.deepEqual(beginAttempt(g, "alice", "192.0.2.1", 10), { ok: false, refusal: { kind: "client_locked", seconds: 290 } });
  admitted(g, "alice", "198.51.100.7", 10).succeeded();
});

test("a locked username is locked from every client, and refusing it does not use up the client's allowance", () => {
  const g = guards(6);
  for (let i = 0; i < 4; i += 1) admitted(g, "bob", "192.0.2.1").failed(0);
  assert.deepEqual(admitted(g, "bob", "192.0.2.2").failed(0), { kind: "account_locked", seconds: 300 });
  for (let i = 0; i < 20; i += 1) {
    assert.deepEqual(beginAttempt(g, "bob", "198.51.100.7", 1), { ok: false, refusal: { kind: "account_locked", seconds: 299 } });
  }
  // Twenty refusals later, that client still has its whole allowance for other usernames.
  for (let i = 0; i < 5; i += 1) assert.equal(admitted(g, `user-${i}`, "198.51.100.7", 1).failed(1), undefined);
});

test("a right password on the way to a second factor is counted neither way", () => {
  const g = guards(6);
  for (let i = 0; i < 4; i += 1) admitted(g, "alice", "192.0.2.1").failed(0);
  admitted(g, "alice", "192.0.2.1").release();
  assert.deepEqual(admitted(g, "alice", "192.0.2.1").failed(0), { kind: "account_locked", seconds: 300 }, "the count did not start over");
});

test("each refusal has a sentence a person can act on", () => {
  assert.match(refusalMessage({ kind: "account_locked", seconds: 300 }), /locked for 5 minutes; try again after that/);
  assert.match(refusalMessage({ kind: "client_locked", seconds: 61 }), /from your network\. Sign-in from here is paused for 2 minutes/);
  assert.match(refusalMessage({ kind: "busy" }), /Wait a few seconds and try again/);
});
