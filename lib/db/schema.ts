import type { AppDatabase } from "./database";

// Prefixed names: with DATABASE_URL the intranet may share a database with the Accounts API.
const STATEMENTS = [
  `CREATE TABLE IF NOT EXISTS intranet_sessions (
     sid text PRIMARY KEY,
     sub text NOT NULL,
     created_at bigint NOT NULL,
     last_seen_at bigint NOT NULL,
     expires_at bigint NOT NULL,
     ended_at bigint,
     end_reason text
   )`,
  `CREATE INDEX IF NOT EXISTS intranet_sessions_sub ON intranet_sessions (sub)`,
  // Added after the first release; ADD COLUMN IF NOT EXISTS upgrades databases created before it.
  `ALTER TABLE intranet_sessions ADD COLUMN IF NOT EXISTS id_token text`,
  `CREATE TABLE IF NOT EXISTS intranet_audit_events (
     id bigserial PRIMARY KEY,
     at timestamptz NOT NULL DEFAULT now(),
     sub text NOT NULL,
     event text NOT NULL,
     detail jsonb NOT NULL DEFAULT '{}'::jsonb
   )`,
  `CREATE INDEX IF NOT EXISTS intranet_audit_events_sub ON intranet_audit_events (sub, id DESC)`,
  // The app's own private keys (the DPoP key its transfer tokens are bound to): server-side, never in a cookie.
  `CREATE TABLE IF NOT EXISTS intranet_keys (
     name text PRIMARY KEY,
     private_jwk text NOT NULL,
     created_at bigint NOT NULL
   )`,
];

/** Creates the intranet's tables when missing (idempotent, safe on every start). */
export async function migrate(db: AppDatabase): Promise<void> {
  for (const statement of STATEMENTS) await db.query(statement);
}
