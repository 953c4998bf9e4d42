/**
 * Makes the intranet's database refuse to end sessions while `during` runs: a trigger that raises an error on any
 * update of `intranet_sessions`, so the failure is the database's own (PGlite or PostgreSQL), not a stub. Tests only.
 */
import type { AppDatabase } from "../lib/db/database";

export async function whileSessionEndsFail<T>(db: AppDatabase, during: () => Promise<T>): Promise<T> {
  await db.query(`CREATE OR REPLACE FUNCTION refuse_session_end() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'sessions unavailable'; END $$ LANGUAGE plpgsql`);
  await db.query("CREATE TRIGGER refuse_session_end BEFORE UPDATE ON intranet_sessions FOR EACH ROW EXECUTE FUNCTION refuse_session_end()");
  try {
    return await during();
  } finally {
    await db.query("DROP TRIGGER refuse_session_end ON intranet_sessions");
  }
}
