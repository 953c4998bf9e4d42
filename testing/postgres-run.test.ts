import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { inCi } from "./postgres-run";

const FIXTURE = fileURLToPath(new URL("./postgres-run.fixture.ts", import.meta.url));
const UNREACHABLE = "postgres://postgres@127.0.0.1:1/test";

/** Runs the fixture's tests in a child process with exactly this CI / TEST_DATABASE_URL. */
function run(env: { CI?: string; TEST_DATABASE_URL?: string }) {
  // Not this runner's own variables either (NODE_TEST_CONTEXT would make the child report to this process).
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ["CI", "TEST_DATABASE_URL", "NODE_TEST_CONTEXT"]) delete childEnv[name];
  for (const [name, value] of Object.entries(env)) if (value !== undefined) childEnv[name] = value;
  const child = spawnSync(process.execPath, ["--import", "tsx", "--test", "--test-reporter=spec", FIXTURE], { env: childEnv, encoding: "utf8" });
  return { status: child.status, output: `${child.stdout}${child.stderr}` };
}

describe("PostgreSQL runs: skipped with a message outside CI, never silently in CI", () => {
  it("reads CI=true or 1 as CI", () => {
    assert.equal(inCi({ CI: "true" }), true);
    assert.equal(inCi({ CI: "1" }), true);
    assert.equal(inCi({ CI: "false" }), false);
    assert.equal(inCi({}), false);
  });

  it("outside CI, a missing TEST_DATABASE_URL skips the run and says how to run it", () => {
    const { status, output } = run({});
    assert.equal(status, 0, output);
    assert.match(output, /PostgreSQL run skipped: set TEST_DATABASE_URL/);
  });

  it("under CI=true, a missing TEST_DATABASE_URL fails", () => {
    const { status, output } = run({ CI: "true" });
    assert.notEqual(status, 0, output);
    assert.match(output, /cannot be skipped in CI/);
  });

  it("an unreachable server fails, naming it", () => {
    for (const ci of ["true", undefined]) {
      const { status, output } = run({ CI: ci, TEST_DATABASE_URL: UNREACHABLE });
      assert.notEqual(status, 0, output);
      assert.match(output, /PostgreSQL at postgres:\/\/postgres@127\.0\.0\.1:1\/test cannot be reached/);
    }
  });

  const url = process.env.TEST_DATABASE_URL;
  it("runs when the server is there", { skip: url ? false : "needs TEST_DATABASE_URL" }, () => {
    const { status, output } = run({ CI: "true", TEST_DATABASE_URL: url });
    assert.equal(status, 0, output);
    assert.match(output, /ran/);
  });
});
