/**
 * `npx tsx bench/run-transfers.ts [pglite|postgres]`: only figure 3, transfers per second, for checking a change to
 * the transfer path without the whole bench. Prints its rows; docs/benchmarks.md is written by `npm run bench` only.
 * `BENCH_TRANSFER_CONCURRENCIES=32` (comma-separated) and `BENCH_TRANSFER_REPEATS=5` narrow or widen the run;
 * `API_DB_POOL_SIZE` sizes the API's PostgreSQL pool as it does for `npm run api`.
 */
import { startLocalIssuer } from "./support/local-issuer";
import { loadNow, machineFacts } from "./support/machine";
import { benchDatabase } from "./support/postgres";
import { fmt } from "./support/stats";
import { benchTransfers, DEFAULT_TRANSFER_OPTIONS, type TransferRow } from "./transfers";

// The full bench's ports: the two never run at once.
const ISSUER_PORT = 4720;
const TRANSFER_PORTS = { pglite: 4730, postgres: 4731 };

function backendsFrom(arg: string | undefined): Array<TransferRow["backend"]> {
  if (arg === undefined) return ["PGlite", "PostgreSQL"];
  if (arg === "pglite") return ["PGlite"];
  if (arg === "postgres") return ["PostgreSQL"];
  throw new Error(`the argument must be pglite or postgres, not ${arg}`);
}

async function main(): Promise<void> {
  const backends = backendsFrom(process.argv[2]);
  const concurrencies = process.env.BENCH_TRANSFER_CONCURRENCIES?.split(",").map(Number) ?? DEFAULT_TRANSFER_OPTIONS.concurrencies;
  const repeats = Number(process.env.BENCH_TRANSFER_REPEATS ?? DEFAULT_TRANSFER_OPTIONS.repeats);
  if (!concurrencies.every((c) => Number.isInteger(c) && c > 0) || !Number.isInteger(repeats) || repeats < 1) {
    throw new Error("BENCH_TRANSFER_CONCURRENCIES must list whole numbers ≥ 1 and BENCH_TRANSFER_REPEATS be one");
  }
  const machine = machineFacts();
  const database = backends.includes("PostgreSQL") ? benchDatabase() : { url: undefined, said: "not asked for" };
  const issuer = await startLocalIssuer(ISSUER_PORT);
  try {
    const rows = await benchTransfers(issuer, TRANSFER_PORTS, database.url, database.said, { ...DEFAULT_TRANSFER_OPTIONS, concurrencies, repeats }, backends);
    console.log("| backend | pairs | concurrency | median transfers/s | API CPU ms/transfer |\n|---|---|---|---|---|");
    for (const r of rows) {
      const value = typeof r.perSecond === "number" ? fmt(r.perSecond) : JSON.stringify(r.perSecond);
      console.log(`| ${r.backend} | ${r.pairs} | ${r.concurrency} | ${value} | ${fmt(r.apiCpuMs ?? Number.NaN, 2)} |`);
    }
    console.log(`\n${machine.cpu}, ${machine.cores} cores · Node ${machine.node} · ${machine.date} · load ${machine.loadAtStart} → ${loadNow()}`);
  } finally {
    await issuer.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
