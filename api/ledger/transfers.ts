import { randomUUID } from "node:crypto";
import type { Database, Queryable, Row } from "../db/database";
import { CURRENCY, centsFromDb } from "./money";

/** A validated transfer instruction. */
export interface TransferInstruction {
  from: string;
  to: string;
  amountCents: number;
  memo: string | null;
}

/** A committed transfer. */
export interface Transfer extends TransferInstruction {
  id: string;
  currency: string;
  createdAt: Date;
}

/** The access token paying for the transfer: its jti is spent when the transfer commits. */
export interface SpentToken {
  sub: string;
  jti: string;
  /** Token expiry, seconds since the epoch (lets old rows be pruned). */
  exp: number;
}

/** What happened to a transfer attempt. Everything but `created` left the database untouched. */
export type TransferOutcome =
  | { kind: "created"; transfer: Transfer }
  | { kind: "token_already_used" }
  | { kind: "from_not_owned" }
  | { kind: "unknown_to" }
  | { kind: "insufficient_funds"; balanceCents: number }
  | { kind: "idempotency_key_taken" };

type Refusal = Exclude<TransferOutcome, { kind: "created" }>;

// Thrown inside the transaction so that every refusal rolls back, including the spent jti.
class Refused extends Error {
  constructor(readonly outcome: Refusal) {
    super(outcome.kind);
  }
}

const date = (value: unknown): Date => (value instanceof Date ? value : new Date(String(value)));

function toTransfer(row: Row): Transfer {
  return {
    id: String(row.id),
    from: String(row.from_account),
    to: String(row.to_account),
    amountCents: centsFromDb(row.amount),
    currency: String(row.currency),
    memo: row.memo === null || row.memo === undefined ? null : String(row.memo),
    createdAt: date(row.created_at),
  };
}

const TRANSFER_COLUMNS = "id, from_account, to_account, amount, currency, memo, created_at";

/** The transfer `ownerSub` made earlier with this Idempotency-Key, if any. */
export async function findTransferByIdempotencyKey(db: Queryable, ownerSub: string, key: string): Promise<Transfer | null> {
  const { rows } = await db.query(`SELECT ${TRANSFER_COLUMNS} FROM transfers WHERE owner_sub = $1 AND idempotency_key = $2`, [ownerSub, key]);
  return rows[0] ? toTransfer(rows[0]) : null;
}

/** True when a transfer already spent this token (a cheap early check; the transaction decides). */
export async function isTokenUsed(db: Queryable, jti: string): Promise<boolean> {
  const { rows } = await db.query("SELECT 1 FROM used_tokens WHERE jti = $1", [jti]);
  return rows.length > 0;
}

/**
 * Moves money and spends the token's jti in one transaction: both happen or neither does.
 * The unique jti makes a token good for one transfer even across API instances; locking both
 * accounts in id order avoids deadlocks between opposite transfers.
 */
export async function executeTransfer(
  db: Database,
  token: SpentToken,
  instruction: TransferInstruction,
  idempotencyKey: string | null,
): Promise<TransferOutcome> {
  try {
    const transfer = await db.transaction(async (tx) => {
      const spent = await tx.query(
        `INSERT INTO used_tokens (jti, sub, expires_at) VALUES ($1, $2, to_timestamp($3))
         ON CONFLICT (jti) DO NOTHING RETURNING jti`,
        [token.jti, token.sub, token.exp],
      );
      if (spent.rows.length === 0) throw new Refused({ kind: "token_already_used" });

      const { rows: accounts } = await tx.query(
        "SELECT id, owner_sub, owner_name, name, balance, kind FROM accounts WHERE id IN ($1, $2) ORDER BY id FOR UPDATE",
        [instruction.from, instruction.to],
      );
      const from = accounts.find((row) => row.id === instruction.from);
      const to = accounts.find((row) => row.id === instruction.to);
      // The reserve (kind 'bank') is nobody's to pay from and not a payee: money enters the ledger only through it.
      if (from?.kind !== "customer" || from.owner_sub !== token.sub) throw new Refused({ kind: "from_not_owned" });
      if (to?.kind !== "customer") throw new Refused({ kind: "unknown_to" });

      // The balance guard repeats the CHECK constraint's promise: never below zero.
      const debited = await tx.query("UPDATE accounts SET balance = balance - $1 WHERE id = $2 AND balance >= $1 RETURNING balance", [
        instruction.amountCents,
        instruction.from,
      ]);
      if (debited.rows.length === 0) throw new Refused({ kind: "insufficient_funds", balanceCents: centsFromDb(from.balance) });
      await tx.query("UPDATE accounts SET balance = balance + $1 WHERE id = $2", [instruction.amountCents, instruction.to]);

      const inserted = await tx.query(
        `INSERT INTO transfers (id, owner_sub, from_account, to_account, amount, currency, memo, idempotency_key)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (owner_sub, idempotency_key) DO NOTHING RETURNING ${TRANSFER_COLUMNS}`,
        [`tr_${randomUUID()}`, token.sub, instruction.from, instruction.to, instruction.amountCents, CURRENCY, instruction.memo, idempotencyKey],
      );
      // A concurrent request with the same key committed first; the caller replays that one.
      if (!inserted.rows[0]) throw new Refused({ kind: "idempotency_key_taken" });
      const transfer = toTransfer(inserted.rows[0]);

      const entry = `INSERT INTO ledger_entries (id, account_id, amount, counterparty, memo, transfer_id, created_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7)`;
      await tx.query(entry, [
        `le_${randomUUID()}`,
        transfer.from,
        -transfer.amountCents,
        `${to.owner_name} (${to.name})`,
        transfer.memo,
        transfer.id,
        transfer.createdAt,
      ]);
      await tx.query(entry, [
        `le_${randomUUID()}`,
        transfer.to,
        transfer.amountCents,
        `${from.owner_name} (${from.name})`,
        transfer.memo,
        transfer.id,
        transfer.createdAt,
      ]);
      return transfer;
    });
    return { kind: "created", transfer };
  } catch (error) {
    if (error instanceof Refused) return error.outcome;
    throw error;
  }
}
