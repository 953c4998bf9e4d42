/**
 * `npm run bench`: what step-up costs, measured side by side on a production build. Prints one Markdown table
 * and writes it, with the machine's facts and how to read it, to docs/benchmarks.md. Benchmarks, not tests:
 * nothing here passes or fails on a number.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type BenchResults, benchDoc } from "./doc";
import { benchGateCost } from "./gate-cost";
import { lighthouseCells, lighthouseScores } from "./lighthouse";
import { pageWeights } from "./page-weight";
import { benchJson } from "./results-json";
import { benchSessionRead } from "./session-read";
import { benchStepUp, mfaSessionCookie } from "./step-up-round-trip";
import { startLocalIssuer } from "./support/local-issuer";
import { loadNow, machineFacts } from "./support/machine";
import { benchDatabase } from "./support/postgres";
import { buildIfStale, startStack } from "./support/stack";
import { fmt, ratio } from "./support/stats";
import { benchTokenCheck } from "./token-check";
import { benchTransfers } from "./transfers";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
// The bench's own ports (app 37xx, IdP/API 47xx), away from `npm run dev` and the e2e stacks.
const STACK_PORTS = { app: 3700, idp: 4700, api: 4701 };
const ISSUER_PORT = 4720;
const TRANSFER_PORTS = { pglite: 4730, postgres: 4731 };

async function attempt<T>(name: string, fn: () => Promise<T> | T): Promise<T | Error> {
  const started = performance.now();
  console.error(`bench: ${name}…`);
  try {
    const value = await fn();
    console.error(`bench: ${name} done in ${fmt((performance.now() - started) / 1000, 1)} s`);
    return value;
  } catch (error) {
    console.error(`bench: ${name} failed:`, error);
    return error instanceof Error ? error : new Error(String(error));
  }
}

type Row = [figure: string, measure: string, result: string, comparison: string];

const failed = (error: Error) => `not measured: ${error.message.split("\n")[0]}`;

/** The one table: figure, what is measured, the median result, and the comparison measured in the same run. */
function table(r: BenchResults): string {
  const rows: Row[] = [];
  const gateName = { open: "(a) no gate", gated: "(b) middleware gate, valid cookie", checked: "(c) middleware + page re-check" };
  if (r.gate instanceof Error) rows.push(["1. Gate cost", "same page, 8 connections", failed(r.gate), ""]);
  else {
    const base = r.gate.find((g) => g.variant === "open");
    for (const g of r.gate) {
      rows.push([
        "1. Gate cost",
        gateName[g.variant],
        `${fmt(g.requestsPerSecond)} req/s (rounds ${fmt(g.range[0])}–${fmt(g.range[1])}) · p50 ${fmt(g.p50)} ms · p99 ${fmt(g.p99)} ms · app CPU ${fmt(g.cpuMsPerRequest, 2)} ms/req`,
        base && g !== base
          ? `${ratio(g.requestsPerSecond, base.requestsPerSecond)} req/s, ${ratio(g.cpuMsPerRequest, base.cpuMsPerRequest)} CPU/req of (a)`
          : "baseline",
      ]);
    }
  }
  if (r.sessionRead instanceof Error) rows.push(["1. Session read", "one unseal", failed(r.sessionRead), ""]);
  else {
    const entries = Object.entries(r.sessionRead.micros);
    const base = entries[0]?.[1] ?? Number.NaN;
    for (const [name, micros] of entries) {
      rows.push([
        "1. Session read",
        `${name}`,
        `${fmt(micros)} µs`,
        micros === base ? `baseline (${fmt(r.sessionRead.payloadBytes)} B JSON)` : `${ratio(micros, base)} the time`,
      ]);
    }
  }
  if (r.tokenCheck instanceof Error) rows.push(["2. API token check", "", failed(r.tokenCheck), ""]);
  else {
    for (const t of r.tokenCheck) {
      const how = t.concurrency === 1 ? "one at a time" : `${t.concurrency} in flight`;
      rows.push(["2. API token check", `${t.alg}, ${how}: bare jose.jwtVerify (cached JWKS)`, `${fmt(t.bare)} /s`, "baseline"]);
      rows.push([
        "2. API token check",
        `${t.alg}, ${how}: full check (RFC 9068 + scope + MFA freshness)`,
        `${fmt(t.full)} /s`,
        `×${fmt(t.ratio, 2)} of bare (median of per-round ratios)`,
      ]);
    }
  }
  if (r.transfers instanceof Error) rows.push(["3. Transfers", "", failed(r.transfers), ""]);
  else {
    for (const t of r.transfers) {
      const value =
        typeof t.perSecond === "number"
          ? `${fmt(t.perSecond)} transfers/s`
          : "skipped" in t.perSecond
            ? `skipped (${t.perSecond.skipped})`
            : `not reported: ${t.perSecond.failed}`;
      rows.push([
        "3. Transfers",
        `${t.backend}, ${t.pairs === "hot" ? "one hot pair of accounts" : "distinct account pairs"}, concurrency ${t.concurrency}`,
        value,
        typeof t.perSecond === "number"
          ? `money conserved, every jti spent once${t.apiCpuMs === undefined ? "" : ` · API CPU ${fmt(t.apiCpuMs, 2)} ms/transfer`}`
          : "",
      ]);
    }
  }
  if (r.stepUp instanceof Error) rows.push(["4. Step-up round trip", "", failed(r.stepUp), ""]);
  else {
    for (const h of r.stepUp.hops) rows.push(["4. Step-up round trip", h.label, `p50 ${fmt(h.p50, 1)} ms · p99 ${fmt(h.p99, 1)} ms`, ""]);
    rows.push([
      "4. Step-up round trip",
      `whole chain (${r.stepUp.runs} runs)`,
      `p50 ${fmt(r.stepUp.total.p50, 1)} ms · p99 ${fmt(r.stepUp.total.p99, 1)} ms`,
      "server-side, no typing",
    ]);
  }
  if (r.weights instanceof Error) rows.push(["5. Page weight", "", failed(r.weights), ""]);
  else for (const w of r.weights) rows.push(["5. Page weight", `first-load JS ${w.route}`, `${fmt(w.gzipBytes / 1024, 1)} KiB gzipped`, `${w.files} files`]);
  if (r.lighthouse instanceof Error) rows.push(["5. Lighthouse", "", failed(r.lighthouse), ""]);
  else {
    for (const l of r.lighthouse) rows.push(["5. Lighthouse", ...lighthouseCells(l)]);
  }
  const escapePipes = (cell: string) => cell.replace(/\|/g, "\\|");
  return [
    "| figure | measure | median result | compared in the same run |",
    "|---|---|---|---|",
    ...rows.map((row) => `| ${row.map(escapePipes).join(" | ")} |`),
  ].join("\n");
}

async function main(): Promise<void> {
  const started = performance.now();
  const machine = machineFacts();
  const buildSeconds = buildIfStale(ROOT);
  const database = benchDatabase();
  const databaseUrl = database.url;
  console.error(`bench: PostgreSQL: ${database.said}`);

  // In-process figures first, while no server competes for the CPU.
  const sessionRead = await attempt("session read", () => benchSessionRead());
  const issuer = await startLocalIssuer(ISSUER_PORT);
  let tokenCheck: BenchResults["tokenCheck"];
  let transfers: BenchResults["transfers"];
  try {
    tokenCheck = await attempt("API token check", () => benchTokenCheck(issuer));
    transfers = await attempt("transfers", () => benchTransfers(issuer, TRANSFER_PORTS, databaseUrl, database.said));
  } finally {
    await issuer.stop();
  }

  const weights = await attempt("page weight", () => pageWeights(ROOT));
  const stack = await startStack(ROOT, STACK_PORTS);
  let gate: BenchResults["gate"];
  let stepUp: BenchResults["stepUp"];
  let lighthouse: BenchResults["lighthouse"];
  try {
    const cookie = await mfaSessionCookie(stack.appUrl);
    gate = await attempt("gate cost", () => benchGateCost(stack.appUrl, cookie, stack.appPid));
    stepUp = await attempt("step-up round trip", () => benchStepUp(stack.appUrl, 50));
    lighthouse = await attempt("Lighthouse", () => lighthouseScores(stack.appUrl, [{ path: "/" }, { path: "/salary", cookie }]));
  } finally {
    await stack.stop();
  }

  const results: BenchResults = { sessionRead, tokenCheck, transfers, gate, stepUp, weights, lighthouse };
  const markdown = table(results);
  const runSeconds = (performance.now() - started) / 1000;
  console.log(markdown);
  console.log(
    `\n${machine.cpu}, ${machine.cores} cores, ${machine.ramGiB} GiB RAM · Node ${machine.node} · ${machine.date} · ` +
      `load ${machine.loadAtStart} → ${loadNow()} · ${fmt(runSeconds)} s${buildSeconds ? ` (of which next build ${fmt(buildSeconds)} s)` : ""}`,
  );
  writeFileSync(
    new URL("../docs/benchmarks.md", import.meta.url),
    benchDoc({ machine, loadAtEnd: loadNow(), runSeconds, buildSeconds, databaseUrl, table: markdown, results }),
  );
  writeFileSync(new URL("../docs/benchmarks.json", import.meta.url), `${JSON.stringify(benchJson(results, machine), null, 2)}\n`);
  console.error("bench: wrote docs/benchmarks.md and docs/benchmarks.json");
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
