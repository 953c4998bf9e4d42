/**
 * docs/benchmarks.json: a run's headline figures as numbers, for programs (a dashboard, a regression check) rather
 * than people. A figure that was not measured is left out and named, with why, under `not_measured`.
 */
import type { BenchResults } from "./doc";
import type { MachineFacts } from "./support/machine";
import { BUSY_CONCURRENCY } from "./token-check";

/** The figures issue 15 asks for, each a number. */
export type FigureKey =
  | "session_read_us"
  | "iron_unseal_us"
  | "gate_throughput_ratio"
  | "api_check_ratio_rs256"
  | "api_check_ratio_es256"
  | "api_check_ratio_rs256_c8"
  | "api_check_ratio_es256_c8"
  | "transfers_per_s_pglite_c32"
  | "transfers_per_s_postgres_c32"
  | "step_up_chain_p50_ms"
  | "first_load_js_kib_max";

export type BenchJson = Partial<Record<FigureKey, number>> & { machine: string; not_measured: Partial<Record<FigureKey, string>> };

/** The session-read variants the JSON reads (bench/session-read.ts names them). */
export const WARM_READ = "app's read, warm (memo of verified cookies)";
export const IRON_UNSEAL = "iron-session unsealData alone";

const round = (value: number, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;

/** The JSON for `results`, measured on `machine`. */
export function benchJson(results: BenchResults, machine: MachineFacts): BenchJson {
  const figures: Partial<Record<FigureKey, number>> = {};
  const notMeasured: Partial<Record<FigureKey, string>> = {};
  const put = (key: FigureKey, value: number | undefined, why: string) => {
    if (value !== undefined && Number.isFinite(value)) figures[key] = round(value);
    else notMeasured[key] = why;
  };
  const reason = (value: unknown, otherwise: string) => (value instanceof Error ? (value.message.split("\n")[0] ?? otherwise) : otherwise);

  const read = results.sessionRead instanceof Error ? undefined : results.sessionRead.micros;
  put("session_read_us", read?.[WARM_READ], reason(results.sessionRead, "no warm read measured"));
  put("iron_unseal_us", read?.[IRON_UNSEAL], reason(results.sessionRead, "no unseal measured"));

  const gate = results.gate instanceof Error ? [] : results.gate;
  const open = gate.find((g) => g.variant === "open")?.requestsPerSecond;
  const checked = gate.find((g) => g.variant === "checked")?.requestsPerSecond;
  put("gate_throughput_ratio", open && checked ? checked / open : undefined, reason(results.gate, "gate variants missing"));

  const checks = results.tokenCheck instanceof Error ? [] : results.tokenCheck;
  // The headline keys are one check at a time (the measure); the _c8 keys a busy server's throughput.
  for (const [alg, concurrency, key] of [
    ["RS256", 1, "api_check_ratio_rs256"],
    ["ES256", 1, "api_check_ratio_es256"],
    ["RS256", BUSY_CONCURRENCY, `api_check_ratio_rs256_c${BUSY_CONCURRENCY}`],
    ["ES256", BUSY_CONCURRENCY, `api_check_ratio_es256_c${BUSY_CONCURRENCY}`],
  ] as const) {
    const row = checks.find((t) => t.alg === alg && t.concurrency === concurrency);
    put(key, row?.ratio, reason(results.tokenCheck, `${alg} at concurrency ${concurrency} not measured`));
  }

  const transfers = results.transfers instanceof Error ? [] : results.transfers;
  for (const [backend, key] of [
    ["PGlite", "transfers_per_s_pglite_c32"],
    ["PostgreSQL", "transfers_per_s_postgres_c32"],
  ] as const) {
    // The headline is the distinct-pairs case; the hot pair is the table's worst case.
    const row = transfers.find((t) => t.backend === backend && t.pairs === "distinct" && t.concurrency === 32);
    const why =
      row && typeof row.perSecond !== "number" ? ("skipped" in row.perSecond ? row.perSecond.skipped : row.perSecond.failed) : "no run at concurrency 32";
    put(key, typeof row?.perSecond === "number" ? row.perSecond : undefined, reason(results.transfers, why));
  }

  put("step_up_chain_p50_ms", results.stepUp instanceof Error ? undefined : results.stepUp.total.p50, reason(results.stepUp, "not measured"));
  const weights = results.weights instanceof Error ? [] : results.weights;
  put("first_load_js_kib_max", weights.length ? Math.max(...weights.map((w) => w.gzipBytes)) / 1024 : undefined, reason(results.weights, "no pages weighed"));

  return {
    ...figures,
    machine: `${machine.cpu}, ${machine.cores} cores, ${machine.ramGiB} GiB RAM · Node ${machine.node} · ${machine.date} · load ${machine.loadAtStart}`,
    not_measured: notMeasured,
  };
}
