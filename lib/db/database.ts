/** One row as the drivers return it; callers narrow each column they read. */
export type Row = Record<string, unknown>;

/** The intranet's own database (sessions, audit events): PostgreSQL or embedded PGlite, one SQL dialect. */
export interface AppDatabase {
  readonly kind: "postgres" | "pglite";
  query<R extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<{ rows: R[] }>;
  close(): Promise<void>;
}

/** A PostgreSQL URL, or a PGlite directory (`memory://` for RAM). */
export interface AppDatabaseLocation {
  databaseUrl?: string | undefined;
  dataDir: string;
  /** PostgreSQL only: schema to use instead of `public` (tests use a fresh one per run). */
  schema?: string;
}

/** Opens the configured backend and creates the intranet's tables; the driver is loaded only when used. */
export async function openAppDatabase(location: AppDatabaseLocation): Promise<AppDatabase> {
  const db = location.databaseUrl
    ? await (await import("./postgres")).openPostgres(location.databaseUrl, location.schema)
    : await (await import("./pglite")).openPglite(location.dataDir);
  const { migrate } = await import("./schema");
  await migrate(db);
  return db;
}
