import assert from "node:assert/strict";
import { test } from "node:test";
import type { BenchResults } from "./doc";
import { benchJson, IRON_UNSEAL, WARM_READ } from "./results-json";

const machine = { cpu: "Test CPU", cores: 2, ramGiB: 24, node: "24.0.0", date: "2026-11-28", loadAtStart: 0.5 };
const results: BenchResults = {
  sessionRead: { payloadBytes: 2000, sizes: {}, micros: { [IRON_UNSEAL]: 300, [WARM_READ]: 3.5 } },
  tokenCheck: [
    { alg: "RS256", concurrency: 1, full: 9_000, bare: 10_000, ratio: 0.9 },
    { alg: "ES256", concurrency: 1, full: 4_500, bare: 5_000, ratio: 0.9 },
    { alg: "RS256", concurrency: 8, full: 19_000, bare: 20_000, ratio: 0.95 },
  ],
  transfers: [
    { backend: "PGlite", pairs: "hot", concurrency: 32, perSecond: 250 },
    { backend: "PGlite", pairs: "distinct", concurrency: 32, perSecond: 600 },
    { backend: "PostgreSQL", pairs: "distinct", concurrency: 32, perSecond: { skipped: "no TEST_DATABASE_URL" } },
  ],
  gate: [
    { variant: "open", requestsPerSecond: 1000, range: [900, 1100], p50: 5, p99: 9, cpuMsPerRequest: 1 },
    { variant: "checked", requestsPerSecond: 950, range: [900, 1000], p50: 5, p99: 9, cpuMsPerRequest: 1.05 },
  ],
  stepUp: new Error("stack did not start\nstack trace"),
  weights: [
    { route: "/", gzipBytes: 102_400, files: 4 },
    { route: "/transfer", gzipBytes: 112_640, files: 5 },
  ],
  lighthouse: [],
};

test("the JSON holds each measured figure as a number and names each missing one with why", () => {
  const json = benchJson(results, machine);
  assert.deepEqual(
    { ...json, machine: undefined },
    {
      session_read_us: 3.5,
      iron_unseal_us: 300,
      gate_throughput_ratio: 0.95,
      api_check_ratio_rs256: 0.9,
      api_check_ratio_es256: 0.9,
      transfers_per_s_pglite_c32: 600,
      first_load_js_kib_max: 110,
      machine: undefined,
      api_check_ratio_rs256_c8: 0.95,
      not_measured: {
        api_check_ratio_es256_c8: "ES256 at concurrency 8 not measured",
        transfers_per_s_postgres_c32: "no TEST_DATABASE_URL",
        step_up_chain_p50_ms: "stack did not start",
      },
    },
  );
  assert.match(json.machine, /Test CPU, 2 cores/);
  assert.doesNotThrow(() => JSON.parse(JSON.stringify(json)));
});
