import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { DEFAULT_RETURN_TO, isLocalPath, localRedirectUrl, safeReturnTo } from "./return-to";

const BASE = "http://localhost:3000";
const ORIGIN = new URL(BASE).origin;
const RUNS = { numRuns: 5_000 };

// Pieces attackers combine: separators, dot segments (plain and encoded), schemes, hosts, whitespace and
// characters that some parsers fold into a slash or a dot (fullwidth solidus, ideographic full stop, ...).
const hostilePiece = fc.constantFrom(
  "/",
  "//",
  "\\",
  ".",
  "..",
  "./",
  "../",
  "%2e",
  "%2E",
  "%2f",
  "%2F",
  "%5c",
  "%5C",
  "%252f",
  "%00",
  "%0d%0a",
  "evil.example",
  "@evil.example",
  ":",
  "http:",
  "https:",
  "javascript:",
  "data:",
  "?",
  "#",
  "&",
  "=",
  "\t",
  "\n",
  "\r",
  " ",
  "\u0000",
  "\u007f",
  "\u00a0",
  "\u2028",
  "\u3002",
  "\uff0e",
  "\uff0f",
  "\u2215",
  "\u2044",
  "auth",
  "salary",
  "returnTo=",
  "%",
  "%%",
  "%zz",
  "\ud800",
);
const hostile = fc.array(hostilePiece, { maxLength: 12 }).map((pieces) => pieces.join(""));
const anyString = fc.oneof(fc.string({ unit: "binary", maxLength: 300 }), hostile, fc.webUrl(), fc.webPath());

test("property: for any input, safeReturnTo yields a local path that stays on the app's origin", () => {
  fc.assert(
    fc.property(anyString, (raw) => {
      const path = safeReturnTo(raw);
      assert.ok(isLocalPath(path), `not a local path: ${JSON.stringify(path)}`);
      assert.equal(new URL(path, BASE).origin, ORIGIN);
      assert.ok(!path.startsWith("/auth/"), "auth routes would loop");
      // Canonical: reducing the result again changes nothing.
      assert.equal(safeReturnTo(path), path);
    }),
    RUNS,
  );
});

test("property: for any path, the Location built for it is on the app's origin", () => {
  fc.assert(
    fc.property(anyString, fc.constantFrom(BASE, "https://intranet.fabrikam.example", "http://127.0.0.1:3300"), (path, base) => {
      assert.equal(localRedirectUrl(path, base).origin, new URL(base).origin);
    }),
    RUNS,
  );
});

test("property: ordinary app paths pass through unchanged", () => {
  const segment = fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/);
  const appPath = fc
    .tuple(fc.array(segment, { minLength: 1, maxLength: 4 }), fc.option(fc.stringMatching(/^[a-z]{1,6}=[A-Za-z0-9]{0,8}$/)), fc.option(segment))
    .map(([segments, query, hash]) => `/${segments.join("/")}${query ? `?${query}` : ""}${hash ? `#${hash}` : ""}`)
    .filter((path) => !path.startsWith("/auth/") && path !== "/auth");
  fc.assert(
    fc.property(appPath, (path) => assert.equal(safeReturnTo(path), path)),
    RUNS,
  );
});

test("dot segments are resolved before the result is checked (the /.//evil.example open redirect)", () => {
  for (const value of [
    "/.//evil.example/phish",
    "/..//evil.example",
    "/a/..//evil.example",
    "/%2e//evil.example",
    "/%2e%2e//evil.example",
    "/.%2f/evil.example",
  ]) {
    const path = safeReturnTo(value);
    assert.equal(new URL(path, BASE).origin, ORIGIN, JSON.stringify(value));
    assert.ok(!path.startsWith("//"), JSON.stringify(value));
  }
  assert.equal(localRedirectUrl("//evil.example/phish", BASE).href, `${BASE}/`);
});

test("same-origin paths keep their query and fragment; dot segments are resolved", () => {
  assert.equal(safeReturnTo("/salary"), "/salary");
  assert.equal(safeReturnTo("/accounts?tab=recent#top"), "/accounts?tab=recent#top");
  assert.equal(safeReturnTo("/a/../salary"), "/salary");
  assert.equal(safeReturnTo("/transfer?to=acc 1"), "/transfer?to=acc%201");
  assert.equal(localRedirectUrl("/salary?x=1", BASE).href, `${BASE}/salary?x=1`);
});

test("hostile values land on the home page", () => {
  const hostileValues = [
    "https://evil.example/",
    "http://localhost:3000.evil.example/",
    "//evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/.\\evil.example",
    "%2F%2Fevil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,hi",
    "/salary\r\nSet-Cookie: x=1",
    "/\tevil",
    "/\t/evil.example",
    "/\n/evil.example",
    " /salary",
    "salary",
    "",
    `/${"a".repeat(3000)}`,
    "/auth/login?returnTo=/salary",
    "/auth/callback",
    "/auth",
  ];
  for (const value of hostileValues) assert.equal(safeReturnTo(value), DEFAULT_RETURN_TO, `returnTo ${JSON.stringify(value)}`);
  assert.equal(safeReturnTo(null), DEFAULT_RETURN_TO);
  assert.equal(safeReturnTo(undefined), DEFAULT_RETURN_TO);
});

test("encoded separators stay encoded: they name a path on this origin, never another host", () => {
  for (const value of ["/%2F/evil.example", "/%5Cevil.example", "/salary%0d%0aSet-Cookie:x=1", "/%E0%A4%A"]) {
    const path = safeReturnTo(value);
    assert.equal(new URL(path, BASE).origin, ORIGIN, JSON.stringify(value));
    assert.ok(isLocalPath(path));
  }
});

test("isLocalPath refuses what a browser would read differently", () => {
  for (const value of ["//x", "/\\x", "/./x", "/a/../b", "/a b", "/é", "x", "", "/\u0000", "/#\u007f"])
    assert.equal(isLocalPath(value), false, JSON.stringify(value));
  for (const value of ["/", "/salary", "/a?b=c#d", "/%2F/x"]) assert.equal(isLocalPath(value), true, JSON.stringify(value));
});
