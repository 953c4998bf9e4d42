import { TRANSFER_FUNCTION } from "../ledger/transfer-function";
import type { Database } from "./database";

// Any constant works; it only has to be the same for every API instance sharing the database.
const MIGRATION_LOCK_ID = 4001_9068;

/** The ledger's tables. Money is integer cents; balances can never go negative. */
const STATEMENTS = [
  `CREATE TABLE IF NOT EXISTS accounts (
    id          text PRIMARY KEY,
    owner_sub   text NOT NULL,
    owner_name  text NOT NULL,
    name        text NOT NULL,
    currency    text NOT NULL DEFAULT 'USD',
    balance     bigint NOT NULL CHECK (balance >= 0)
  )`,
  `CREATE INDEX IF NOT EXISTS accounts_owner_idx ON accounts (owner_sub)`,
  // 'bank' is the reserve all money comes from (ledger/bank.ts); customers never see, own or pay it. Added with
  // ALTER so a ledger from before the reserve keeps its rows (they are customers' accounts).
  `ALTER TABLE accounts ADD COLUMN IF NOT EXISTS kind text NOT NULL DEFAULT 'customer' CHECK (kind IN ('customer', 'bank'))`,
  `CREATE UNIQUE INDEX IF NOT EXISTS accounts_one_bank_idx ON accounts (kind) WHERE kind = 'bank'`,
  // True for names from the ledger's own records (the seed), false for a token's user-editable name claim.
  `ALTER TABLE accounts ADD COLUMN IF NOT EXISTS owner_name_verified boolean NOT NULL DEFAULT false`,
  `CREATE TABLE IF NOT EXISTS transfers (
    id               text PRIMARY KEY,
    owner_sub        text NOT NULL,
    from_account     text NOT NULL REFERENCES accounts (id),
    to_account       text NOT NULL REFERENCES accounts (id),
    amount           bigint NOT NULL CHECK (amount > 0),
    currency         text NOT NULL,
    memo             text,
    idempotency_key  text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    CHECK (from_account <> to_account),
    UNIQUE (owner_sub, idempotency_key)
  )`,
  `CREATE TABLE IF NOT EXISTS ledger_entries (
    id            text PRIMARY KEY,
    account_id    text NOT NULL REFERENCES accounts (id),
    amount        bigint NOT NULL,
    counterparty  text NOT NULL,
    memo          text,
    transfer_id   text REFERENCES transfers (id),
    created_at    timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX IF NOT EXISTS ledger_entries_account_idx ON ledger_entries (account_id, created_at DESC)`,
  // One row per access token spent on a transfer: the primary key makes each jti usable once.
  `CREATE TABLE IF NOT EXISTS used_tokens (
    jti         text PRIMARY KEY,
    sub         text NOT NULL,
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz NOT NULL DEFAULT now()
  )`,
  // A transfer in one statement: replay, spend the jti, lock, check, move the money (ledger/transfer-function.ts).
  TRANSFER_FUNCTION,
];

/**
 * Creates the tables if missing. The advisory lock serialises instances (or test processes)
 * starting together, since concurrent CREATE TABLE IF NOT EXISTS can still collide in PostgreSQL.
 */
export async function migrate(db: Database): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK_ID]);
    for (const statement of STATEMENTS) await tx.query(statement);
  });
}

/** Forgets spent tokens long past their expiry: an expired token fails verification anyway. */
export async function pruneUsedTokens(db: Database): Promise<void> {
  await db.query("DELETE FROM used_tokens WHERE expires_at < now() - interval '1 day'");
}
