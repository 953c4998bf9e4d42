import type { Queryable, Row } from "../db/database";
import { centsFromDb } from "./money";

/** An account as its owner sees it. */
export interface Account {
  id: string;
  name: string;
  currency: string;
  balanceCents: number;
}

/** One line of an account's history; negative amounts left the account. */
export interface LedgerEntry {
  id: string;
  createdAt: Date;
  amountCents: number;
  counterparty: string;
  memo: string | null;
}

/** Someone else's account the caller may send money to. */
export interface Payee {
  accountId: string;
  ownerName: string;
  accountName: string;
}

/** Most entries a history page returns. */
export const HISTORY_LIMIT = 50;

const text = (value: unknown): string => String(value);
const optionalText = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));
const date = (value: unknown): Date => (value instanceof Date ? value : new Date(String(value)));

/** The caller's accounts, in a stable order. */
export async function listAccounts(db: Queryable, ownerSub: string): Promise<Account[]> {
  const { rows } = await db.query(
    "SELECT id, name, currency, balance FROM accounts WHERE owner_sub = $1 ORDER BY id",
    [ownerSub],
  );
  return rows.map((row: Row) => ({
    id: text(row.id),
    name: text(row.name),
    currency: text(row.currency),
    balanceCents: centsFromDb(row.balance),
  }));
}

/** Newest-first history of one of the caller's accounts; null when it is not theirs (or unknown). */
export async function listTransactions(db: Queryable, ownerSub: string, accountId: string): Promise<LedgerEntry[] | null> {
  const owned = await db.query("SELECT 1 FROM accounts WHERE id = $1 AND owner_sub = $2", [accountId, ownerSub]);
  if (owned.rows.length === 0) return null;
  const { rows } = await db.query(
    `SELECT id, created_at, amount, counterparty, memo FROM ledger_entries
     WHERE account_id = $1 ORDER BY created_at DESC, id DESC LIMIT ${HISTORY_LIMIT}`,
    [accountId],
  );
  return rows.map((row: Row) => ({
    id: text(row.id),
    createdAt: date(row.created_at),
    amountCents: centsFromDb(row.amount),
    counterparty: text(row.counterparty),
    memo: optionalText(row.memo),
  }));
}

/** Accounts of other users, which the caller may pay. */
export async function listPayees(db: Queryable, ownerSub: string): Promise<Payee[]> {
  const { rows } = await db.query(
    "SELECT id, owner_name, name FROM accounts WHERE owner_sub <> $1 ORDER BY owner_name, id",
    [ownerSub],
  );
  return rows.map((row: Row) => ({ accountId: text(row.id), ownerName: text(row.owner_name), accountName: text(row.name) }));
}
