/**
 * The bank inside the ledger. All money in the demo comes from its reserve: the seeded users' balances and the
 * starter accounts of newcomers are paid out of it with an entry on both sides, so the sum over all accounts
 * never changes and a sign-up cannot make money appear. When the reserve is spent, newcomers' accounts open empty.
 */
import type { Queryable } from "../db/database";

/** The reserve account; `kind = 'bank'`, so no token's `sub` can own it, list it, pay from it or pay into it. */
export const BANK_ACCOUNT_ID = "acc_fabrikam_bank_reserve";

/** Shown as the counterparty of money paid out of the reserve. */
export const BANK_NAME = "Fabrikam Bank";

/** All the money the demo ledger holds (1,000,000.00): the seed takes 19,300.00, each newcomer 6,500.00. */
export const MONEY_SUPPLY_CENTS = 100_000_000;

/** The one entry without a counterpart: the reserve's issue. Its amount is what all balances must add up to. */
export const ISSUE_ENTRY_ID = "bank_issue";

/**
 * Moves `cents` out of the reserve inside `tx`, or returns false (moving nothing) when the reserve holds less.
 * The row lock on the reserve serialises payouts; customer transfers never touch it.
 */
export async function payFromReserve(tx: Queryable, cents: number): Promise<boolean> {
  const { rows } = await tx.query("UPDATE accounts SET balance = balance - $1 WHERE id = $2 AND kind = 'bank' AND balance >= $1 RETURNING id", [
    cents,
    BANK_ACCOUNT_ID,
  ]);
  return rows.length > 0;
}

/** One payout's entry on the reserve's side (its counterpart is on the receiving account). */
export async function recordReserveEntry(
  tx: Queryable,
  entry: { id: string; cents: number; counterparty: string; memo: string; daysAgo?: number },
): Promise<void> {
  await tx.query(
    `INSERT INTO ledger_entries (id, account_id, amount, counterparty, memo, created_at)
     VALUES ($1, $2, $3, $4, $5, now() - make_interval(days => $6::int)) ON CONFLICT (id) DO NOTHING`,
    [entry.id, BANK_ACCOUNT_ID, -entry.cents, entry.counterparty, entry.memo, entry.daysAgo ?? 0],
  );
}
