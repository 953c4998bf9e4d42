import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import type { AppDatabase, Row } from "./database";

/** Embedded PostgreSQL in `dataDir`; one process per directory. */
export async function openPglite(dataDir: string): Promise<AppDatabase> {
  if (!dataDir.startsWith("memory://")) mkdirSync(dataDir, { recursive: true });
  const pg = await PGlite.create(dataDir);
  return {
    kind: "pglite",
    async query<R extends Row>(sql: string, params: readonly unknown[] = []) {
      return { rows: (await pg.query<R>(sql, [...params])).rows };
    },
    close: () => pg.close(),
  };
}
