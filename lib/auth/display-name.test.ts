import assert from "node:assert/strict";
import { test } from "node:test";
import { displayName } from "./display-name";

test("the ID token's name wins, then preferred_username", () => {
  assert.equal(displayName({ sub: "alice", name: "Alice Johnson", preferred_username: "alice.j" }, undefined), "Alice Johnson");
  assert.equal(displayName({ sub: "alice", preferred_username: "alice.j" }, undefined), "alice.j");
});

test("a step-up whose ID token has no profile claims keeps the same user's name", () => {
  assert.equal(displayName({ sub: "alice" }, { sub: "alice", name: "Alice Johnson" }), "Alice Johnson");
});

test("another user's name is never carried over", () => {
  assert.equal(displayName({ sub: "bob" }, { sub: "alice", name: "Alice Johnson" }), "bob");
});

test("non-string or blank claims are ignored, falling back to sub", () => {
  assert.equal(displayName({ sub: "alice", name: 42, preferred_username: "  " }, undefined), "alice");
  assert.equal(displayName({ sub: "alice", name: ["Alice"] }, undefined), "alice");
});
