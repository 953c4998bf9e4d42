/**
 * The PostgreSQL runs of the database tests. Without TEST_DATABASE_URL they are skipped with a plain message,
 * except under CI (CI=true), where a skip would hide that concurrency claims were only checked on PGlite, which
 * runs transactions one at a time: there a missing URL or an unreachable server fails loudly. Tests only.
 */
import { it } from "node:test";
import pg from "pg";

const EXAMPLE_URL = "postgres://postgres@127.0.0.1:5432/test";

/** True when the environment says this is CI, where the PostgreSQL runs must not be skipped. */
export function inCi(env: Record<string, string | undefined> = process.env): boolean {
  return /^(true|1)$/i.test(env.CI?.trim() ?? "");
}

/**
 * TEST_DATABASE_URL for a file's PostgreSQL run, or undefined when it does not run. Then it registers, under
 * `name`, a skipped test saying how to run it, or under CI a failing test saying why CI cannot skip it.
 */
export function postgresTestUrl(name: string, env: Record<string, string | undefined> = process.env): string | undefined {
  const url = env.TEST_DATABASE_URL?.trim();
  if (url) return url;
  if (inCi(env)) {
    it(`${name} on PostgreSQL`, () => {
      throw new Error(
        "CI=true but TEST_DATABASE_URL is not set: the PostgreSQL run cannot be skipped in CI (concurrency claims need a database where transactions interleave).",
      );
    });
  } else {
    it(`${name} on PostgreSQL`, { skip: `PostgreSQL run skipped: set TEST_DATABASE_URL (e.g. ${EXAMPLE_URL}) to run it` }, () => undefined);
  }
  return undefined;
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

/** A fresh schema named `<prefix>_<pid>_<random>`, so parallel runs do not collide; `drop()` removes it. */
export async function createTestSchema(url: string, prefix: string): Promise<{ schema: string; drop(): Promise<void> }> {
  if (!/^[a-z_][a-z0-9_]*$/.test(prefix)) throw new Error(`Bad schema prefix: ${prefix}`);
  const schema = `${prefix}_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
  await onPostgres(url, `CREATE SCHEMA ${schema}`);
  return { schema, drop: () => onPostgres(url, `DROP SCHEMA IF EXISTS ${schema} CASCADE`) };
}
