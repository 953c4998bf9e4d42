/**
 * Figure 3: transfers per second with single-use token consumption, on PGlite and on PostgreSQL. The API runs in
 * this process (api/server.ts startApi) trusting a local issuer that mints the tokens; the load generator runs in a
 * child process (bench/support/transfer-client.ts), so the two do not share one JavaScript thread. Two cases:
 * transfers between distinct account pairs (one pair per client worker, so no two in-flight transfers lock the same
 * row) at several concurrencies, and the hot row (every worker on one pair, both directions) at the highest. After
 * every run the ledger must still add up and every token must be spent exactly once, or the figure is not reported.
 */
import { type ChildProcess, fork } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeJwt } from "jose";
import pg from "pg";
import type { Database } from "../api/db/database";
import { silentLogger } from "../api/http/logger";
import { BANK_NAME, payFromReserve, recordReserveEntry } from "../api/ledger/bank";
import { ledgerProblems } from "../api/ledger/ledger-invariants";
import { type RunningApi, startApi } from "../api/server";
import { PROFILES } from "../common/profiles";
import type { LocalIssuer } from "./support/local-issuer";
import { median } from "./support/stats";
import type { ClientJob, ClientResult, PlannedTransfer } from "./support/transfer-client";

/** Which accounts the workers use: one pair each (`distinct`), or all the same pair (`hot`, the worst case). */
export type PairCase = "distinct" | "hot";

export interface TransferRow {
  backend: "PGlite" | "PostgreSQL";
  pairs: PairCase;
  concurrency: number;
  /** Median transfers/s, or a reason it is not reported. */
  perSecond: number | { skipped: string } | { failed: string };
  /**
   * Median CPU time (user + system) of this process, which runs the API (and PGlite), per transfer while the load
   * ran: what other work on a shared machine inflates least. PostgreSQL's own CPU is not in it.
   */
  apiCpuMs?: number;
}

export interface TransferOptions {
  /** Concurrencies of the distinct-pairs case; the hot-row case runs at the highest. */
  concurrencies: number[];
  repeats: number;
  /** Transfers per run. */
  count: number;
}

export const DEFAULT_TRANSFER_OPTIONS: TransferOptions = { concurrencies: [1, 8, 32], repeats: 3, count: 640 };

/** Each pair's two owners start with this much, paid out of the bank's reserve like any opening balance. */
const OPENING_CENTS = 100_000;

interface Pair {
  a: { sub: string; account: string };
  b: { sub: string; account: string };
}

const pairOf = (i: number): Pair => ({
  a: { sub: `bench-${i}-a`, account: `acc_bench_${i}_a` },
  b: { sub: `bench-${i}-b`, account: `acc_bench_${i}_b` },
});

/** Opens `count` pairs of one-account users, funded from the reserve with an entry on both sides. */
async function openPairs(db: Database, count: number): Promise<Pair[]> {
  const pairs = Array.from({ length: count }, (_, i) => pairOf(i));
  await db.transaction(async (tx) => {
    if (!(await payFromReserve(tx, OPENING_CENTS * 2 * count))) throw new Error("the reserve cannot fund the bench accounts");
    for (const { a, b } of pairs) {
      for (const side of [a, b]) {
        await tx.query(`INSERT INTO accounts (id, owner_sub, owner_name, name, currency, balance) VALUES ($1, $2, $2, 'Bench', 'USD', $3)`, [
          side.account,
          side.sub,
          OPENING_CENTS,
        ]);
        await tx.query(`INSERT INTO ledger_entries (id, account_id, amount, counterparty, memo) VALUES ($1, $2, $3, $4, 'Opening balance')`, [
          `open_${side.account}`,
          side.account,
          OPENING_CENTS,
          BANK_NAME,
        ]);
        await recordReserveEntry(tx, { id: `open_${side.account}_bank`, cents: OPENING_CENTS, counterparty: side.sub, memo: "Opening balance" });
      }
    }
  });
  return pairs;
}

/** The load generator in its own process; one per backend, reused across runs. */
function startClient(): { run(job: ClientJob): Promise<ClientResult>; stop(): void } {
  const child: ChildProcess = fork(new URL("./support/transfer-client.ts", import.meta.url), { stdio: "inherit" });
  return {
    run: (job) =>
      new Promise((resolve, reject) => {
        const onExit = (code: number | null) => reject(new Error(`the load generator exited (${code})`));
        child.once("exit", onExit);
        child.once("message", (message: { result?: ClientResult; error?: string }) => {
          child.off("exit", onExit);
          if (message.result) resolve(message.result);
          else reject(new Error(`load generator: ${message.error}`));
        });
        child.send(job);
      }),
    stop: () => child.kill(),
  };
}

async function ledgerFacts(db: Database) {
  const { rows } = await db.query(
    `SELECT (SELECT COALESCE(SUM(balance), 0) FROM accounts) AS total,
            (SELECT COUNT(*) FROM transfers) AS transfers,
            (SELECT COUNT(*) FROM used_tokens) AS used`,
  );
  const row = rows[0] ?? {};
  return { total: Number(row.total), transfers: Number(row.transfers), used: Number(row.used) };
}

/**
 * One run: `count` transfers from `concurrency` workers, worker w on pair w (distinct) or on pair 0 (hot),
 * alternating direction each request. Throws when the books or the spent tokens do not add up.
 */
async function run(
  api: RunningApi,
  issuer: LocalIssuer,
  client: ReturnType<typeof startClient>,
  pairs: Pair[],
  options: { count: number; concurrency: number; pairs: PairCase },
): Promise<{ perSecond: number; apiCpuMs: number }> {
  const perWorker = Math.ceil(options.count / options.concurrency);
  const workers: PlannedTransfer[][] = await Promise.all(
    Array.from({ length: options.concurrency }, async (_, w) => {
      const pair = pairs[options.pairs === "hot" ? 0 : w % pairs.length] as Pair;
      return Promise.all(
        Array.from({ length: perWorker }, async (_, i) => {
          const [from, to] = (w + i) % 2 === 0 ? [pair.a, pair.b] : [pair.b, pair.a];
          return { token: await issuer.mint("ES256", { sub: from.sub }), from: from.account, to: to.account };
        }),
      );
    }),
  );
  const jtis = workers.flat().map((t) => String(decodeJwt(t.token).jti));
  const before = await ledgerFacts(api.db);
  const cpu = process.cpuUsage();
  const { seconds, statuses } = await client.run({ url: api.url, workers });
  const { user, system } = process.cpuUsage(cpu);
  const created = statuses[201] ?? 0;

  const after = await ledgerFacts(api.db);
  const spent = Number((await api.db.query("SELECT count(*) AS n FROM used_tokens WHERE jti = ANY($1)", [jtis])).rows[0]?.n);
  const problems = [
    created !== jtis.length && `only ${created}/${jtis.length} transfers answered 201 (${JSON.stringify(statuses)})`,
    after.total !== before.total && `money not conserved: ${before.total} → ${after.total} cents`,
    after.transfers - before.transfers !== created && `${after.transfers - before.transfers} transfer rows for ${created} 201s`,
    (after.used - before.used !== created || spent !== created) && `${after.used - before.used} spent tokens (${spent} of this run's) for ${created} transfers`,
    ...(await ledgerProblems(api.db)),
  ].filter(Boolean);
  if (problems.length) throw new Error(problems.join("; "));
  return { perSecond: jtis.length / seconds, apiCpuMs: (user + system) / 1000 / jtis.length };
}

async function withPostgresSchema<T>(url: string, fn: (schema: string) => Promise<T>): Promise<T> {
  // A fresh schema per run, dropped afterwards: nothing of the bench stays in the database.
  const schema = `bench_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  try {
    return await fn(schema);
  } finally {
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
  }
}

/** Every case on one backend, each a median of `repeats` runs of `count` transfers. */
async function onBackend(
  backend: TransferRow["backend"],
  start: () => Promise<RunningApi>,
  issuer: LocalIssuer,
  options: TransferOptions,
): Promise<TransferRow[]> {
  const api = await start();
  const client = startClient();
  try {
    const pairs = await openPairs(api.db, Math.max(...options.concurrencies));
    const cases: Array<{ pairs: PairCase; concurrency: number }> = [
      ...options.concurrencies.map((concurrency) => ({ pairs: "distinct" as const, concurrency })),
      { pairs: "hot", concurrency: Math.max(...options.concurrencies) },
    ];
    await run(api, issuer, client, pairs, { count: 64, concurrency: 8, pairs: "distinct" }); // warm-up: JIT, JWKS, connection pool
    const rows: TransferRow[] = [];
    for (const c of cases) {
      try {
        const samples: Array<{ perSecond: number; apiCpuMs: number }> = [];
        for (let i = 0; i < options.repeats; i++) samples.push(await run(api, issuer, client, pairs, { ...c, count: options.count }));
        rows.push({ backend, ...c, perSecond: median(samples.map((s) => s.perSecond)), apiCpuMs: median(samples.map((s) => s.apiCpuMs)) });
      } catch (error) {
        rows.push({ backend, ...c, perSecond: { failed: error instanceof Error ? error.message : String(error) } });
      }
    }
    return rows;
  } finally {
    client.stop();
    await api.stop();
  }
}

/** Transfers/s on PGlite (files in a temp directory, as the default) and on PostgreSQL when a URL is given. */
export async function benchTransfers(
  issuer: LocalIssuer,
  ports: { pglite: number; postgres: number },
  databaseUrl: string | undefined,
  /** Why there is no PostgreSQL to measure, when there is none. */
  noDatabaseReason = "no TEST_DATABASE_URL or DATABASE_URL",
  options: TransferOptions = DEFAULT_TRANSFER_OPTIONS,
  backends: ReadonlyArray<TransferRow["backend"]> = ["PGlite", "PostgreSQL"],
): Promise<TransferRow[]> {
  const config = (port: number, dataDir: string, url?: string) => ({
    port,
    issuer: issuer.issuer,
    audience: issuer.audience,
    databaseUrl: url,
    dataDir,
    transferMaxAge: 300,
    profile: PROFILES.auth0,
    provisionDemoAccounts: false,
    // The API's own setting, so the bench can compare pool sizes (the API's default when unset).
    ...(process.env.API_DB_POOL_SIZE ? { dbPoolSize: Number(process.env.API_DB_POOL_SIZE) } : {}),
  });
  const rows: TransferRow[] = [];
  if (backends.includes("PGlite")) {
    const dir = await mkdtemp(join(tmpdir(), "fabrikam-bench-pglite-"));
    try {
      rows.push(...(await onBackend("PGlite", () => startApi(config(ports.pglite, dir), { log: silentLogger }), issuer, options)));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  if (!backends.includes("PostgreSQL")) return rows;
  if (!databaseUrl) {
    const skipped = { skipped: noDatabaseReason };
    const highest = Math.max(...options.concurrencies);
    return [
      ...rows,
      ...options.concurrencies.map((concurrency) => ({ backend: "PostgreSQL" as const, pairs: "distinct" as const, concurrency, perSecond: skipped })),
      { backend: "PostgreSQL", pairs: "hot", concurrency: highest, perSecond: skipped },
    ];
  }
  const pgRows = await withPostgresSchema(databaseUrl, (schema) =>
    onBackend("PostgreSQL", () => startApi(config(ports.postgres, "unused", databaseUrl), { log: silentLogger, schema }), issuer, options),
  );
  return [...rows, ...pgRows];
}
