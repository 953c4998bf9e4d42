import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it, mock } from "node:test";
import { untilClockPasses } from "./clock";

describe("untilClockPasses", () => {
  const start = Date.UTC(2026, 10, 28, 12, 0, 0);
  beforeEach(() => mock.timers.enable({ apis: ["setTimeout", "Date"], now: start }));
  afterEach(() => mock.timers.reset());

  /** Lets pending promise callbacks run, with the mocked clock standing still. */
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

  it("waits until the clock is past the given second, and no longer", async () => {
    let done = false;
    void untilClockPasses(start / 1000 + 5).then(() => (done = true));
    mock.timers.tick(5000);
    await settle();
    assert.equal(done, false, "at exactly that second the clock is not past it yet");
    mock.timers.tick(1);
    await settle();
    assert.equal(done, true);
  });

  it("resolves at once when the clock is already past", async () => {
    let done = false;
    void untilClockPasses(start / 1000 - 1).then(() => (done = true));
    await settle();
    assert.equal(done, true);
  });

  it("refuses a time that is not a number", async () => {
    await assert.rejects(untilClockPasses(Number.NaN), RangeError);
  });
});
