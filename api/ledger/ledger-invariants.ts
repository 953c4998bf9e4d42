/**
 * The ledger's invariants, checked in one place (tests call it after every kind of load; an operator may too):
 * money is conserved (all balances add up to what the reserve issued), every account's history adds up to its
 * balance, no balance is negative, and every transfer has exactly its two entries, -amount and +amount.
 */
import type { Queryable } from "../db/database";
import { ISSUE_ENTRY_ID } from "./bank";

const cents = (value: unknown) => Number(value ?? 0);

/** Every broken invariant, as a sentence naming the accounts or transfers involved; empty when the books are straight. */
export async function ledgerProblems(db: Queryable): Promise<string[]> {
  const problems: string[] = [];

  const issued = await db.query("SELECT amount FROM ledger_entries WHERE id = $1", [ISSUE_ENTRY_ID]);
  const total = await db.query("SELECT COALESCE(SUM(balance), 0) AS total FROM accounts");
  if (issued.rows.length !== 1) problems.push("the reserve's issue entry is missing");
  else if (cents(total.rows[0]?.total) !== cents(issued.rows[0]?.amount)) {
    problems.push(`balances add up to ${cents(total.rows[0]?.total)} cents, but ${cents(issued.rows[0]?.amount)} were issued`);
  }

  const histories = await db.query(
    `SELECT a.id, a.balance, COALESCE(SUM(e.amount), 0) AS history
     FROM accounts a LEFT JOIN ledger_entries e ON e.account_id = a.id GROUP BY a.id, a.balance`,
  );
  for (const row of histories.rows) {
    if (cents(row.history) !== cents(row.balance))
      problems.push(`${String(row.id)}: history adds up to ${cents(row.history)}, balance is ${cents(row.balance)}`);
    if (cents(row.balance) < 0) problems.push(`${String(row.id)}: negative balance ${cents(row.balance)}`);
  }

  // Each transfer: one entry of -amount on from, one of +amount on to, nothing else.
  const transfers = await db.query(
    `SELECT t.id FROM transfers t LEFT JOIN ledger_entries e ON e.transfer_id = t.id
     GROUP BY t.id, t.amount, t.from_account, t.to_account
     HAVING count(e.id) <> 2
        OR COALESCE(SUM(CASE WHEN e.account_id = t.from_account AND e.amount = -t.amount THEN 1 ELSE 0 END), 0) <> 1
        OR COALESCE(SUM(CASE WHEN e.account_id = t.to_account AND e.amount = t.amount THEN 1 ELSE 0 END), 0) <> 1`,
  );
  for (const row of transfers.rows) problems.push(`transfer ${String(row.id)} does not have exactly its two entries`);
  return problems;
}
