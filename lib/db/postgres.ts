import pg from "pg";
import type { AppDatabase, Row } from "./database";

/** A pool on a PostgreSQL server; `schema` (tests) replaces `public` on every connection. */
export async function openPostgres(connectionString: string, schema?: string): Promise<AppDatabase> {
  if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`Bad schema name: ${schema}`);
  const pool = new pg.Pool({ connectionString, max: 5, ...(schema ? { options: `-c search_path=${schema}` } : {}) });
  // A dropped idle connection must not crash the app; the pool replaces it.
  pool.on("error", (error) => console.error(JSON.stringify({ level: "error", code: "app_db_pool_error", detail: error.message })));
  return {
    kind: "postgres",
    async query<R extends Row>(sql: string, params: readonly unknown[] = []) {
      return { rows: (await pool.query<R>(sql, [...params])).rows };
    },
    close: () => pool.end(),
  };
}
