/**
 * Figure 3: transfers per second with single-use token consumption, at several concurrencies, on PGlite and on
 * PostgreSQL. The API runs in this process (api/server.ts startApi) trusting a local issuer that mints the
 * tokens. After every run the ledger must still add up, or the figure is not reported.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import type { Database } from "../api/db/database";
import { silentLogger } from "../api/http/logger";
import { type RunningApi, startApi } from "../api/server";
import { PROFILES } from "../common/profiles";
import type { LocalIssuer } from "./support/local-issuer";
import { median } from "./support/stats";

export interface TransferRow {
  backend: "PGlite" | "PostgreSQL";
  concurrency: number;
  /** Median transfers/s, or a reason it is not reported. */
  perSecond: number | { skipped: string } | { failed: string };
}

// Alternate directions so both users spend tokens and both account rows stay hot.
const DIRECTIONS = [
  { sub: "alice", from: "acc_alice_checking", to: "acc_bob_checking" },
  { sub: "bob", from: "acc_bob_checking", to: "acc_alice_checking" },
] as const;

async function ledgerFacts(db: Database) {
  const { rows } = await db.query(
    `SELECT (SELECT COALESCE(SUM(balance), 0) FROM accounts) AS total,
            (SELECT COUNT(*) FROM transfers) AS transfers,
            (SELECT COUNT(*) FROM used_tokens) AS used,
            (SELECT COUNT(*) FROM accounts a WHERE a.balance <>
               (SELECT COALESCE(SUM(amount), 0) FROM ledger_entries e WHERE e.account_id = a.id)) AS unbalanced`,
  );
  const row = rows[0] ?? {};
  return { total: Number(row.total), transfers: Number(row.transfers), used: Number(row.used), unbalanced: Number(row.unbalanced) };
}

/** One run: `count` transfers with `concurrency` in flight. Throws when the money check fails. */
async function run(api: RunningApi, issuer: LocalIssuer, count: number, concurrency: number): Promise<number> {
  const tokens = await Promise.all(Array.from({ length: count }, (_, i) => issuer.mint("ES256", { sub: DIRECTIONS[i % 2]?.sub })));
  const before = await ledgerFacts(api.db);
  let next = 0;
  let created = 0;
  const statuses = new Map<number, number>();
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const direction = DIRECTIONS[i % 2] ?? DIRECTIONS[0];
      const response = await fetch(`${api.url}/transfers`, {
        method: "POST",
        headers: { authorization: `Bearer ${tokens[i]}`, "content-type": "application/json" },
        body: JSON.stringify({ from: direction.from, to: direction.to, amount: "0.01", memo: "bench" }),
      });
      await response.arrayBuffer();
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      if (response.status === 201) created += 1;
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - start) / 1000;

  const after = await ledgerFacts(api.db);
  const problems = [
    created !== count && `only ${created}/${count} transfers answered 201 (${JSON.stringify(Object.fromEntries(statuses))})`,
    after.total !== before.total && `money not conserved: ${before.total} → ${after.total} cents`,
    after.unbalanced !== 0 && `${after.unbalanced} account(s) whose balance differs from their ledger`,
    after.transfers - before.transfers !== created && `${after.transfers - before.transfers} transfer rows for ${created} 201s`,
    after.used - before.used !== created && `${after.used - before.used} spent tokens for ${created} transfers`,
  ].filter(Boolean);
  if (problems.length) throw new Error(problems.join("; "));
  return count / seconds;
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

/** All concurrencies on one backend, each a median of `repeats` runs of `count` transfers. */
async function onBackend(
  backend: TransferRow["backend"],
  start: () => Promise<RunningApi>,
  issuer: LocalIssuer,
  options: { concurrencies: number[]; repeats: number; count: number },
): Promise<TransferRow[]> {
  const api = await start();
  try {
    await run(api, issuer, 20, 4); // warm-up: JIT, JWKS, connection pool
    const rows: TransferRow[] = [];
    for (const concurrency of options.concurrencies) {
      try {
        const samples: number[] = [];
        for (let i = 0; i < options.repeats; i++) samples.push(await run(api, issuer, options.count, concurrency));
        rows.push({ backend, concurrency, perSecond: median(samples) });
      } catch (error) {
        rows.push({ backend, concurrency, perSecond: { failed: error instanceof Error ? error.message : String(error) } });
      }
    }
    return rows;
  } finally {
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
  options = { concurrencies: [1, 8, 32], repeats: 3, count: 80 },
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
  });
  const dir = await mkdtemp(join(tmpdir(), "fabrikam-bench-pglite-"));
  let rows: TransferRow[];
  try {
    rows = await onBackend("PGlite", () => startApi(config(ports.pglite, dir), { log: silentLogger }), issuer, options);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  if (!databaseUrl) {
    const skipped = { skipped: noDatabaseReason };
    return [...rows, ...options.concurrencies.map((concurrency) => ({ backend: "PostgreSQL" as const, concurrency, perSecond: skipped }))];
  }
  const pgRows = await withPostgresSchema(databaseUrl, (schema) =>
    onBackend("PostgreSQL", () => startApi(config(ports.postgres, "unused", databaseUrl), { log: silentLogger, schema }), issuer, options),
  );
  return [...rows, ...pgRows];
}
