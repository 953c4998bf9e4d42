import assert from "node:assert/strict";
import { test } from "node:test";
import { formatDay, formatInstant } from "./format-time";

test("an instant reads with its date, its 24-hour time and its zone", () => {
  assert.equal(formatInstant(new Date("2026-11-28T13:21:49.932Z")), "28 Nov 2026, 13:21 UTC");
  assert.equal(formatInstant(new Date("2026-01-02T00:05:00Z")), "2 Jan 2026, 00:05 UTC");
});

test("a list date leaves out the year only when it is this year's", () => {
  const now = new Date("2026-11-28T12:00:00Z");
  assert.equal(formatDay(new Date("2026-03-04T23:59:00Z"), now), "4 Mar");
  assert.equal(formatDay(new Date("2025-12-31T10:00:00Z"), now), "31 Dec 2025");
});
