import pg from "pg";
import type { Database, Queryable, Row } from "./database";

// PostgreSQL int8 (bigint) comes back as a string by default; cents fit a JS number safely.
const INT8_OID = 20;
const types = {
  getTypeParser: (oid: number, format?: "text" | "binary") =>
    oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format ?? "text"),
};

/**
 * Connections per API instance unless API_DB_POOL_SIZE says otherwise. A transfer holds a connection for one
 * statement (api/ledger/transfer-function.ts), so 16 keeps 32 requests in flight busy without queueing much in
 * the pool, and leaves room under PostgreSQL's default max_connections (100) for a few instances and the tools.
 */
export const DEFAULT_POOL_SIZE = 16;

/** Opens a pool on a real PostgreSQL server; `schema` (tests) replaces `public` on every connection. */
export async function openPostgres(connectionString: string, schema?: string, poolSize = DEFAULT_POOL_SIZE): Promise<Database> {
  if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`Bad schema name: ${schema}`);
  const pool = new pg.Pool({
    connectionString,
    max: poolSize,
    types,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // A dropped idle connection must not crash the process; the pool replaces it.
  pool.on("error", (error) => console.error(JSON.stringify({ level: "error", code: "db_pool_error", detail: error.message })));

  const wrap = (target: pg.Pool | pg.PoolClient): Queryable => ({
    async query<R extends Row>(sql: string, params: readonly unknown[] = []) {
      const result = await target.query<R>(sql, [...params]);
      return { rows: result.rows };
    },
  });

  return {
    kind: "postgres",
    ...wrap(pool),
    async transaction(fn) {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query("BEGIN");
        const result = await fn(wrap(client));
        await client.query("COMMIT");
        return result;
      } catch (error) {
        // A connection that cannot even roll back is thrown away rather than reused.
        await client.query("ROLLBACK").catch(() => (broken = true));
        throw error;
      } finally {
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}
