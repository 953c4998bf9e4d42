/** One row as the drivers return it; callers narrow each column they read. */
export type Row = Record<string, unknown>;

/** Rows of a statement; use `RETURNING` to learn which rows a write touched. */
export interface QueryResult<R extends Row = Row> {
  rows: R[];
}

/** Anything that runs one SQL statement with `$1`-style parameters. */
export interface Queryable {
  query<R extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
}

/** The API's storage: PostgreSQL (`pg`) or embedded PGlite, one SQL dialect for both. */
export interface Database extends Queryable {
  readonly kind: "postgres" | "pglite";
  /** Runs `fn` in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Where the database lives: a PostgreSQL URL, or a PGlite directory (`memory://` for RAM). */
export interface DatabaseLocation {
  databaseUrl?: string | undefined;
  dataDir: string;
  /** PostgreSQL only: schema to use instead of `public` (tests use a fresh one per run). */
  schema?: string;
  /** PostgreSQL only: most connections in the pool. PGlite has one connection, whatever this says. */
  poolSize?: number;
}

/** Opens the configured backend; the driver module is only loaded when it is used. */
export async function openDatabase(location: DatabaseLocation): Promise<Database> {
  if (location.databaseUrl) {
    const { openPostgres } = await import("./postgres");
    return openPostgres(location.databaseUrl, location.schema, location.poolSize);
  }
  const { openPglite } = await import("./pglite");
  return openPglite(location.dataDir);
}
