/**
 * The PostgreSQL server the tests run against (TEST_DATABASE_URL): one statement at a time, fresh schemas and fresh
 * databases. Free of node:test, so the Playwright suite can use it too; testing/postgres-run.ts adds the rule for
 * when the PostgreSQL runs are skipped. Tests only.
 */
import pg from "pg";

export const EXAMPLE_URL = "postgres://postgres@127.0.0.1:5432/test";

/** True when the environment says this is CI, where the PostgreSQL runs must not be skipped. */
export function inCi(env: Record<string, string | undefined> = process.env): boolean {
  return /^(true|1)$/i.test(env.CI?.trim() ?? "");
}

// The URL without its password, for messages.
function shown(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.href;
  } catch {
    return "(an unparsable URL)";
  }
}

/** Runs one statement on the server in its own connection; an unreachable server is an error that says so. */
export async function onPostgres(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (cause) {
    const why = cause instanceof Error ? cause.message : String(cause);
    throw new Error(
      `TEST_DATABASE_URL is set but PostgreSQL at ${shown(url)} cannot be reached (${why}); start it, or unset TEST_DATABASE_URL${inCi() ? " (not possible under CI=true)" : ""} to skip the PostgreSQL runs.`,
      { cause },
    );
  }
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

// `<prefix>_<pid>_<random>`, so parallel runs do not collide.
function freshName(prefix: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(prefix)) throw new Error(`Bad name prefix: ${prefix}`);
  return `${prefix}_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
}

/** A fresh schema named `<prefix>_<pid>_<random>`; `drop()` removes it. */
export async function createTestSchema(url: string, prefix: string): Promise<{ schema: string; drop(): Promise<void> }> {
  const schema = freshName(prefix);
  await onPostgres(url, `CREATE SCHEMA ${schema}`);
  return { schema, drop: () => onPostgres(url, `DROP SCHEMA IF EXISTS ${schema} CASCADE`) };
}

/**
 * A fresh database on the same server, for servers started as processes: they take a DATABASE_URL and nothing
 * else, so a schema of their own cannot be given to them. `url` reaches it; `drop()` removes it, connections and all.
 */
export async function createTestDatabase(url: string, prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = freshName(prefix);
  await onPostgres(url, `CREATE DATABASE ${name}`);
  const fresh = new URL(url);
  fresh.pathname = `/${name}`;
  return { url: fresh.href, drop: () => onPostgres(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
