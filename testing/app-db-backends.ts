/**
 * Runs one set of app-database tests on PGlite and, when TEST_DATABASE_URL is set, on PostgreSQL
 * in a fresh schema that is dropped afterwards. Tests only.
 */
import { after, before, describe, it } from "node:test";
import pg from "pg";
import { openAppDatabase, type AppDatabase } from "../lib/db/database";

/** Defines the same cases once per backend; `db()` is the open database inside the cases. */
export function onEveryAppDatabase(define: (db: () => AppDatabase) => void): void {
  backend("PGlite", undefined, define);
  const url = process.env.TEST_DATABASE_URL;
  if (url) backend("PostgreSQL", url, define);
  else it("runs the same cases on PostgreSQL", { skip: "PostgreSQL run skipped: set TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test) to run it" }, () => undefined);
}

async function onServer(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function backend(name: string, url: string | undefined, define: (db: () => AppDatabase) => void): void {
  describe(`on ${name}`, () => {
    let db: AppDatabase | undefined;
    // A fresh schema per file and process keeps runs repeatable and parallel test files apart.
    const schema = `app_it_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
    before(async () => {
      if (url) await onServer(url, `CREATE SCHEMA ${schema}`);
      db = await openAppDatabase({ databaseUrl: url, dataDir: "memory://", ...(url ? { schema } : {}) });
    });
    after(async () => {
      await db?.close();
      if (url) await onServer(url, `DROP SCHEMA ${schema} CASCADE`);
    });
    define(() => {
      if (!db) throw new Error("The test database is not open yet");
      return db;
    });
  });
}
