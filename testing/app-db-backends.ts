/**
 * Runs one set of app-database tests on PGlite and, when TEST_DATABASE_URL is set, on PostgreSQL
 * in a fresh schema that is dropped afterwards. Under CI=true the PostgreSQL run cannot be skipped:
 * a missing URL or an unreachable server fails (testing/postgres-run.ts). Tests only.
 */
import { after, before, describe } from "node:test";
import { type AppDatabase, openAppDatabase } from "../lib/db/database";
import { createTestSchema, postgresTestUrl } from "./postgres-run";

/** Defines the same cases once per backend; `db()` is the open database inside the cases. */
export function onEveryAppDatabase(define: (db: () => AppDatabase) => void): void {
  backend("PGlite", undefined, define);
  const url = postgresTestUrl("runs the same cases");
  if (url) backend("PostgreSQL", url, define);
}

function backend(name: string, url: string | undefined, define: (db: () => AppDatabase) => void): void {
  describe(`on ${name}`, () => {
    let db: AppDatabase | undefined;
    let drop: (() => Promise<void>) | undefined;
    // A fresh schema per file and process keeps runs repeatable and parallel test files apart.
    before(async () => {
      const fresh = url ? await createTestSchema(url, "app_it") : undefined;
      drop = fresh?.drop;
      db = await openAppDatabase({ databaseUrl: url, dataDir: "memory://", ...(fresh ? { schema: fresh.schema } : {}) });
    });
    after(async () => {
      await db?.close();
      await drop?.();
    });
    define(() => {
      if (!db) throw new Error("The test database is not open yet");
      return db;
    });
  });
}
