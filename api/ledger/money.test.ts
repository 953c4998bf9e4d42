import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatAmount, parseAmount } from "./money";

describe("parseAmount", () => {
  for (const [input, cents] of [
    ["1", 100],
    ["1.5", 150],
    ["125.00", 12_500],
    ["0.01", 1],
    ["1000000.00", 100_000_000],
  ] as const) {
    it(`reads ${JSON.stringify(input)} as ${cents} cents`, () => {
      assert.deepEqual(parseAmount(input), { ok: true, cents });
    });
  }

  const invalid: unknown[] = [
    "0",
    "0.00",
    "-1",
    "1e3",
    "1.005",
    "NaN",
    " 1",
    "1 ",
    "",
    "1,000",
    "1.",
    ".5",
    "01",
    "+1",
    "1000000.01",
    "99999999999999999999",
    "Infinity",
    1,
    1.5,
    null,
    undefined,
    {},
    ["1"],
  ];
  for (const input of invalid) {
    it(`refuses ${JSON.stringify(input) ?? String(input)}`, () => {
      const result = parseAmount(input);
      assert.equal(result.ok, false);
      if (!result.ok) assert.match(result.problem, /\S/);
    });
  }
});

describe("formatAmount", () => {
  it("formats signed cents with two decimals", () => {
    assert.equal(formatAmount(12_500), "125.00");
    assert.equal(formatAmount(1), "0.01");
    assert.equal(formatAmount(-150), "-1.50");
    assert.equal(formatAmount(0), "0.00");
    assert.equal(formatAmount(100_000_000), "1000000.00");
  });
});
