import { randomUUID } from "node:crypto";
import type { Queryable, Row } from "../db/database";
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

/**
 * What happened to a transfer attempt. Everything but `created` left the database untouched; `replay` is the
 * transfer this subject made earlier with the same Idempotency-Key (the route compares the bodies).
 */
export type TransferOutcome =
  | { kind: "created"; transfer: Transfer }
  | { kind: "replay"; transfer: Transfer }
  | { kind: "token_already_used" }
  | { kind: "from_not_owned" }
  | { kind: "unknown_to" }
  | { kind: "insufficient_funds"; balanceCents: number }
  | { kind: "idempotency_key_taken" };

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

/**
 * One transfer attempt in one round trip: the `transfer_funds` function (api/ledger/transfer-function.ts) answers an
 * Idempotency-Key replay, or spends the token's jti and moves the money in one statement, hence one transaction:
 * both happen or neither does. The unique jti makes a token good for one transfer even across API instances;
 * locking both accounts in id order avoids deadlocks between opposite transfers.
 */
export async function executeTransfer(
  db: Queryable,
  token: SpentToken,
  instruction: TransferInstruction,
  idempotencyKey: string | null,
): Promise<TransferOutcome> {
  const { rows } = await db.query("SELECT * FROM transfer_funds($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)", [
    token.jti,
    token.sub,
    token.exp,
    instruction.from,
    instruction.to,
    instruction.amountCents,
    CURRENCY,
    instruction.memo,
    idempotencyKey,
    `tr_${randomUUID()}`,
    `le_${randomUUID()}`,
    `le_${randomUUID()}`,
  ]);
  const row = rows[0];
  const outcome = String(row?.outcome);
  switch (outcome) {
    case "created":
    case "replay":
      return { kind: outcome, transfer: toTransfer(row as Row) };
    case "insufficient_funds":
      return { kind: outcome, balanceCents: centsFromDb(row?.balance) };
    case "token_already_used":
    case "from_not_owned":
    case "unknown_to":
    case "idempotency_key_taken":
      return { kind: outcome };
    default:
      throw new Error(`transfer_funds answered an unknown outcome: ${outcome}`);
  }
}
