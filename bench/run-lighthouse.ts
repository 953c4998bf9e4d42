/**
 * `npm run bench:lighthouse [-- runs]`: only figure 5b, Lighthouse on `/` and `/salary`, for checking a front-end
 * change without the whole bench. Prints its rows; docs/benchmarks.md is written by the full `npm run bench` only.
 */
import { fileURLToPath } from "node:url";
import { DEFAULT_RUNS, lighthouseCells, lighthouseScores } from "./lighthouse";
import { mfaSessionCookie } from "./step-up-round-trip";
import { loadNow, machineFacts } from "./support/machine";
import { buildIfStale, startStack } from "./support/stack";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
// The full bench's ports: the two never run at once.
const STACK_PORTS = { app: 3700, idp: 4700, api: 4701 };

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? DEFAULT_RUNS);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`runs must be a whole number ≥ 1, not ${process.argv[2]}`);
  const machine = machineFacts();
  buildIfStale(ROOT);
  const stack = await startStack(ROOT, STACK_PORTS);
  try {
    const cookie = await mfaSessionCookie(stack.appUrl);
    const scores = await lighthouseScores(stack.appUrl, [{ path: "/" }, { path: "/salary", cookie }], runs);
    console.log("| measure | median result | target |\n|---|---|---|");
    for (const l of scores) console.log(`| ${lighthouseCells(l).join(" | ")} |`);
    console.log(`\n${machine.cpu}, ${machine.cores} cores · Node ${machine.node} · ${machine.date} · load ${machine.loadAtStart} → ${loadNow()}`);
  } finally {
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
