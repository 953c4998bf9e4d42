/**
 * The PostgreSQL runs of the database tests. Without TEST_DATABASE_URL they are skipped with a plain message,
 * except under CI (CI=true), where a skip would hide that concurrency claims were only checked on PGlite, which
 * runs transactions one at a time: there a missing URL or an unreachable server fails loudly. Tests only.
 */
import { it } from "node:test";
import { EXAMPLE_URL, inCi } from "./postgres-server";

export { createTestSchema, inCi, onPostgres } from "./postgres-server";

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
