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
  // The single-use transfer token of a session, sealed, taken once (lib/auth/transfer-token-store.ts).
  `CREATE TABLE IF NOT EXISTS intranet_transfer_tokens (
     sid text PRIMARY KEY,
     sealed text NOT NULL,
     expires_at bigint NOT NULL
   )`,
  // Added after the first release; ADD COLUMN IF NOT EXISTS upgrades databases created before it.
  `ALTER TABLE intranet_sessions ADD COLUMN IF NOT EXISTS id_token text`,
  // The provider's session id (ID token `sid`): a back-channel logout names it (lib/auth/backchannel-logout.ts).
  `ALTER TABLE intranet_sessions ADD COLUMN IF NOT EXISTS idp_sid text`,
  `CREATE INDEX IF NOT EXISTS intranet_sessions_idp_sid ON intranet_sessions (idp_sid)`,
  // Logout tokens already acted on, by jti, kept until they could no longer be accepted anyway (replay defence).
  `CREATE TABLE IF NOT EXISTS intranet_logout_tokens (
     jti text PRIMARY KEY,
     expires_at bigint NOT NULL
   )`,
  // The email the provider verified at sign-in, so a CAEP event naming the subject by email finds its sessions.
  `ALTER TABLE intranet_sessions ADD COLUMN IF NOT EXISTS email text`,
  `CREATE INDEX IF NOT EXISTS intranet_sessions_email ON intranet_sessions (email)`,
  // CAEP assurance-level-change (decrease) per user (lib/auth/assurance-store.ts): a session authenticated before
  // decreased_at no longer counts its second factor or transfer token. The SET's jti and reason say why.
  `CREATE TABLE IF NOT EXISTS intranet_assurance_decreases (
     sub text PRIMARY KEY,
     decreased_at bigint NOT NULL,
     received_at bigint NOT NULL,
     event_jti text NOT NULL,
     reason text
   )`,
  `CREATE TABLE IF NOT EXISTS intranet_audit_events (
     id bigserial PRIMARY KEY,
     at timestamptz NOT NULL DEFAULT now(),
     sub text NOT NULL,
     event text NOT NULL,
     detail jsonb NOT NULL DEFAULT '{}'::jsonb
   )`,
  `CREATE INDEX IF NOT EXISTS intranet_audit_events_sub ON intranet_audit_events (sub, id DESC)`,
  // The app's DPoP keys (RFC 9449), one generation per rotation: the private JWK is sealed (AES-256-GCM under a key
  // derived from SESSION_SECRET, which this database never holds), so a reader of a shared database gets no key.
  // Databases from before this table have a plaintext `intranet_keys` row; lib/auth/dpop-key-store.ts moves it here.
  `CREATE TABLE IF NOT EXISTS intranet_dpop_keys (
     purpose text NOT NULL,
     generation integer NOT NULL,
     jkt text NOT NULL UNIQUE,
     sealed_private_jwk text NOT NULL,
     created_at bigint NOT NULL,
     tokens_expire_by bigint NOT NULL DEFAULT 0,
     PRIMARY KEY (purpose, generation)
   )`,
];

// Any constant works; every intranet instance sharing the database must use the same one.
const MIGRATION_LOCK_ID = 3000_9068;

/**
 * Creates the intranet's tables when missing (idempotent, safe on every start). On PostgreSQL, instances opening a
 * fresh database together queue on an advisory lock: concurrent CREATE TABLE IF NOT EXISTS collide in the catalogue.
 */
export async function migrate(db: AppDatabase): Promise<void> {
  if (db.kind === "pglite") {
    // One process per data directory: nobody to race.
    for (const statement of STATEMENTS) await db.query(statement);
    return;
  }
  // One query string without parameters is one simple-protocol message: one connection, one implicit transaction,
  // so the transaction-scoped lock holds until the last statement and an error rolls the whole batch back.
  await db.query([`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_ID})`, ...STATEMENTS].join(";\n"));
}
