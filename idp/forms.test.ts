/** The IdP's form reader: what reaches a password or code check, and what is refused before it. */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { accountLoginForm, codeForm, FIELD_REPEATED, NOT_A_CODE, passwordForm, readForm } from "./forms";

const REFUSALS = new Set([
  FIELD_REPEATED,
  NOT_A_CODE,
  "That username is too long (at most 256 characters).",
  "That password is too long (at most 1024 characters).",
]);

test("missing fields read as empty, a username is trimmed, and anything but one string per field is refused", () => {
  assert.deepEqual(readForm(passwordForm, undefined), { ok: true, data: { username: "", password: "" } });
  assert.deepEqual(readForm(passwordForm, { username: "  alice ", password: " pw " }), { ok: true, data: { username: "alice", password: " pw " } });
  assert.deepEqual(readForm(passwordForm, { username: ["alice", "bob"], password: "x" }), { ok: false, message: FIELD_REPEATED });
  assert.deepEqual(readForm(passwordForm, { username: "u".repeat(257) }), { ok: false, message: "That username is too long (at most 256 characters)." });
  assert.deepEqual(readForm(codeForm, { code: "1".repeat(65) }), { ok: false, message: NOT_A_CODE });
  assert.deepEqual(readForm(codeForm, { code: { nested: "1" } }), { ok: false, message: FIELD_REPEATED });
  // Found by the property below: `next` left out was refused with zod's own "expected nonoptional".
  assert.deepEqual(readForm(accountLoginForm, { username: "alice", password: "pw", code: "123456" }), {
    ok: true,
    data: { username: "alice", password: "pw", code: "123456" },
  });
});

// Invariant: for any parsed body (fields absent, a string, a list of strings, or any other JSON value), the reader
// never throws; it returns exactly the strings sent (the username trimmed, absent ones empty) within their limits, or
// refuses with one of its sentences, and it refuses whenever a field is not a single string.
test("property: the sign-in fields are what was sent, or a refusal with a sentence", () => {
  const value = fc.oneof(
    fc.string({ unit: "binary", maxLength: 300 }),
    fc.string({ maxLength: 1_100 }),
    fc.array(fc.string(), { maxLength: 3 }),
    fc.jsonValue(),
  );
  const body = fc.oneof(fc.record({ username: value, password: value }, { requiredKeys: [] }), fc.jsonValue(), fc.constant(undefined));
  fc.assert(
    fc.property(body, (sent) => {
      const result = readForm(passwordForm, sent);
      const fields = typeof sent === "object" && sent !== null && !Array.isArray(sent) ? (sent as Record<string, unknown>) : {};
      const wellFormed = (name: string, max: number) =>
        fields[name] === undefined || (typeof fields[name] === "string" && (fields[name] as string).length <= max);
      if (!result.ok) {
        assert.ok(REFUSALS.has(result.message), result.message);
        assert.ok(!wellFormed("username", 256) || !wellFormed("password", 1024), "refused only what is not one string within its limit");
        return;
      }
      assert.equal(result.data.username, typeof fields.username === "string" ? fields.username.trim() : "");
      assert.equal(result.data.password, typeof fields.password === "string" ? fields.password : "");
    }),
    { numRuns: 2_000 },
  );
});

test("property: the account form never throws and keeps `next` for the route to check", () => {
  fc.assert(
    fc.property(fc.dictionary(fc.constantFrom("username", "password", "code", "next", "other"), fc.jsonValue()), (sent) => {
      const result = readForm(accountLoginForm, sent);
      if (result.ok) assert.deepEqual(result.data.next, sent.next);
      else assert.ok(REFUSALS.has(result.message), result.message);
    }),
    { numRuns: 1_000 },
  );
});
