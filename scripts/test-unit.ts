/**
 * Runs every `*.test.ts` beside the code (not e2e/) with Node's own test runner.
 * A launcher because Node 20's `--test` does not expand globs.
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";

const SKIP = new Set(["node_modules", ".next", ".data", "e2e", ".git", "test-results"]);

function findTests(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (SKIP.has(entry.name)) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return findTests(path);
    return entry.name.endsWith(".test.ts") ? [path] : [];
  });
}

const only = process.argv.slice(2);
const files = only.length > 0 ? only : findTests(".");
if (files.length === 0) {
  console.error("No unit tests found.");
  process.exit(1);
}
// Two files per core (Node's default is one fewer than the cores): many files spend much of their time waiting on the
// IdPs, APIs and databases they start, so two per core keep the cores busy.
const concurrency = `--test-concurrency=${2 * availableParallelism()}`;
// The server-only hook lets the intranet's server modules load in tests, as they do in Next.js's server build.
const result = spawnSync(process.execPath, ["--import", "./testing/server-only-hook.ts", "--import", "tsx", "--test", concurrency, ...files], {
  stdio: "inherit",
});
process.exit(result.status ?? 1);
