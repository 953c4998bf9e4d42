import { createHash } from "node:crypto";
import type { Database } from "../db/database";
import { BANK_NAME, payFromReserve, recordReserveEntry } from "./bank";

/** Accounts a newcomer gets, with an opening balance paid out of the bank's reserve so the demo has money to move. */
export const STARTER_ACCOUNTS = [
  { suffix: "checking", name: "Everyday checking", balanceCents: 150_000 },
  { suffix: "savings", name: "Savings", balanceCents: 500_000 },
] as const;

/** Label for a subject whose access token carries no `name`. */
export const GENERIC_OWNER_NAME = "Fabrikam employee";

/** What ensureDemoAccounts did: nothing (accounts exist), opened funded accounts, or opened them empty (reserve spent). */
export type ProvisionOutcome = "known" | "opened" | "opened_unfunded";

// Account ids derive from the subject, so every instance and every retry computes the same ids.
function accountIdPrefix(sub: string): string {
  return `acc_${createHash("sha256").update(sub).digest("base64url").slice(0, 16)}`;
}

/** A display name from the token's `name` claim, trimmed to something a list can show, or a generic label. */
export function ownerNameFrom(name: unknown): string {
  if (typeof name !== "string") return GENERIC_OWNER_NAME;
  const clean = name
    .replace(/[\p{Cc}\p{Cf}]/gu, "")
    .trim()
    .slice(0, 80);
  return clean || GENERIC_OWNER_NAME;
}

/**
 * Opens the starter accounts for `sub` unless it already has accounts (seeded demo users, or seen before), paying
 * their opening balances out of the reserve with an entry on both sides; when the reserve cannot pay, they open
 * empty. Call it only for a token that passed the route's checks. Idempotent and safe under concurrent first
 * requests: ids are deterministic and inserts use ON CONFLICT DO NOTHING, so only the request that inserts pays.
 * The name is the token's user-editable `name` claim, so it is stored as unverified.
 */
export async function ensureDemoAccounts(db: Database, sub: string, name: unknown): Promise<ProvisionOutcome> {
  const known = await db.query("SELECT 1 FROM accounts WHERE owner_sub = $1 AND kind = 'customer' LIMIT 1", [sub]);
  if (known.rows.length > 0) return "known";
  const prefix = accountIdPrefix(sub);
  const ownerName = ownerNameFrom(name);
  return db.transaction(async (tx) => {
    const opened: Array<(typeof STARTER_ACCOUNTS)[number] & { id: string }> = [];
    for (const account of STARTER_ACCOUNTS) {
      const id = `${prefix}_${account.suffix}`;
      const inserted = await tx.query(
        `INSERT INTO accounts (id, owner_sub, owner_name, name, currency, balance, owner_name_verified)
         VALUES ($1, $2, $3, $4, 'USD', 0, false) ON CONFLICT (id) DO NOTHING RETURNING id`,
        [id, sub, ownerName, account.name],
      );
      if (inserted.rows.length > 0) opened.push({ ...account, id });
    }
    if (opened.length === 0) return "known";
    if (
      !(await payFromReserve(
        tx,
        opened.reduce((sum, account) => sum + account.balanceCents, 0),
      ))
    )
      return "opened_unfunded";
    for (const account of opened) {
      await tx.query("UPDATE accounts SET balance = $1 WHERE id = $2", [account.balanceCents, account.id]);
      await tx.query(
        `INSERT INTO ledger_entries (id, account_id, amount, counterparty, memo) VALUES ($1, $2, $3, $4, 'Opening balance')
         ON CONFLICT (id) DO NOTHING`,
        [`open_${account.id}`, account.id, account.balanceCents, BANK_NAME],
      );
      await recordReserveEntry(tx, {
        id: `open_${account.id}_bank`,
        cents: account.balanceCents,
        counterparty: `${ownerName} (${account.name})`,
        memo: "Opening balance",
      });
    }
    return "opened";
  });
}
