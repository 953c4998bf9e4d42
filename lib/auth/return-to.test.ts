import assert from "node:assert/strict";
import { test } from "node:test";
import { safeReturnTo } from "./return-to";

const BASE = "http://localhost:3000";

test("same-origin paths pass through with query and hash", () => {
  assert.equal(safeReturnTo("/salary", BASE), "/salary");
  assert.equal(safeReturnTo("/accounts?tab=recent#top", BASE), "/accounts?tab=recent#top");
  assert.equal(safeReturnTo("/a/../salary", BASE), "/salary");
});

test("hostile values land on the home page", () => {
  const hostile = [
    "https://evil.example/",
    "http://localhost:3000.evil.example/",
    "//evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/%2F/evil.example",
    "%2F%2Fevil.example",
    "/%5Cevil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,hi",
    "/salary\r\nSet-Cookie: x=1",
    "/salary%0d%0aSet-Cookie:x=1",
    "/\tevil",
    " /salary",
    "salary",
    "",
    "/%E0%A4%A",
    `/${"a".repeat(3000)}`,
    "/auth/login?returnTo=/salary",
    "/auth/callback",
  ];
  for (const value of hostile) assert.equal(safeReturnTo(value, BASE), "/", `returnTo ${JSON.stringify(value)}`);
});

test("missing values land on the home page", () => {
  assert.equal(safeReturnTo(null, BASE), "/");
  assert.equal(safeReturnTo(undefined, BASE), "/");
});
