import { createHash } from "node:crypto";
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
  /** For people; from the token's user-editable `name` claim unless `ownerNameVerified`, so two can look the same. */
  ownerName: string;
  accountName: string;
  /** True when the name comes from the ledger's own records (the seed), false when the owner's token supplied it. */
  ownerNameVerified: boolean;
  /** accountReference(accountId): what tells two same-named payees apart. */
  reference: string;
}

/**
 * Four hex characters derived from an account id, for people to tell accounts apart ("Bob Smith · Savings · …3f9a")
 * and to compare out of band: the owner sees the same on their own account. The ledger's ids end in a shared
 * suffix ("_checking"), so their last characters cannot serve. Not a secret (the id is not one) and not unique.
 */
export function accountReference(accountId: string): string {
  return createHash("sha256").update(accountId).digest("hex").slice(0, 4);
}

/** Most entries a history page returns. */
export const HISTORY_LIMIT = 50;

const text = (value: unknown): string => String(value);
const optionalText = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));
const date = (value: unknown): Date => (value instanceof Date ? value : new Date(String(value)));

/** The caller's accounts, in a stable order. */
export async function listAccounts(db: Queryable, ownerSub: string): Promise<Account[]> {
  const { rows } = await db.query("SELECT id, name, currency, balance FROM accounts WHERE owner_sub = $1 AND kind = 'customer' ORDER BY id", [ownerSub]);
  return rows.map((row: Row) => ({
    id: text(row.id),
    name: text(row.name),
    currency: text(row.currency),
    balanceCents: centsFromDb(row.balance),
  }));
}

/** Newest-first history of one of the caller's accounts; null when it is not theirs (or unknown). */
export async function listTransactions(db: Queryable, ownerSub: string, accountId: string): Promise<LedgerEntry[] | null> {
  const owned = await db.query("SELECT 1 FROM accounts WHERE id = $1 AND owner_sub = $2 AND kind = 'customer'", [accountId, ownerSub]);
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

/** Accounts of other users, which the caller may pay (never the bank's reserve). */
export async function listPayees(db: Queryable, ownerSub: string): Promise<Payee[]> {
  const { rows } = await db.query(
    "SELECT id, owner_name, owner_name_verified, name FROM accounts WHERE owner_sub <> $1 AND kind = 'customer' ORDER BY owner_name, id",
    [ownerSub],
  );
  return rows.map((row: Row) => ({
    accountId: text(row.id),
    ownerName: text(row.owner_name),
    accountName: text(row.name),
    ownerNameVerified: row.owner_name_verified === true,
    reference: accountReference(text(row.id)),
  }));
}
