import { createHash } from "node:crypto";
import type { Database } from "../db/database";

/** Accounts a newcomer gets, with an opening balance so the demo has money to move. */
export const STARTER_ACCOUNTS = [
  { suffix: "checking", name: "Everyday checking", balanceCents: 150_000 },
  { suffix: "savings", name: "Savings", balanceCents: 500_000 },
] as const;

/** Label for a subject whose access token carries no `name`. */
export const GENERIC_OWNER_NAME = "Fabrikam employee";

// Account ids derive from the subject, so every instance and every retry computes the same ids.
function accountIdPrefix(sub: string): string {
  return `acc_${createHash("sha256").update(sub).digest("base64url").slice(0, 16)}`;
}

/** A display name from the token's `name` claim, trimmed to something a list can show, or a generic label. */
export function ownerNameFrom(name: unknown): string {
  if (typeof name !== "string") return GENERIC_OWNER_NAME;
  const clean = name.replace(/[\p{Cc}\p{Cf}]/gu, "").trim().slice(0, 80);
  return clean || GENERIC_OWNER_NAME;
}

/**
 * Opens the starter accounts for `sub` unless it already has accounts (seeded demo users, or seen before).
 * Idempotent and safe under concurrent first requests: ids are deterministic and inserts use ON CONFLICT DO
 * NOTHING, so racing requests create each account once; only the one that inserts writes its opening entry.
 * Returns true when this call opened accounts.
 */
export async function ensureDemoAccounts(db: Database, sub: string, name: unknown): Promise<boolean> {
  const known = await db.query("SELECT 1 FROM accounts WHERE owner_sub = $1 LIMIT 1", [sub]);
  if (known.rows.length > 0) return false;
  const prefix = accountIdPrefix(sub);
  const ownerName = ownerNameFrom(name);
  return db.transaction(async (tx) => {
    let opened = false;
    for (const account of STARTER_ACCOUNTS) {
      const id = `${prefix}_${account.suffix}`;
      const inserted = await tx.query(
        `INSERT INTO accounts (id, owner_sub, owner_name, name, currency, balance)
         VALUES ($1, $2, $3, $4, 'USD', $5) ON CONFLICT (id) DO NOTHING RETURNING id`,
        [id, sub, ownerName, account.name, account.balanceCents],
      );
      if (inserted.rows.length === 0) continue;
      opened = true;
      await tx.query(
        `INSERT INTO ledger_entries (id, account_id, amount, counterparty, memo) VALUES ($1, $2, $3, 'Fabrikam Bank', 'Opening balance')
         ON CONFLICT (id) DO NOTHING`,
        [`open_${id}`, id, account.balanceCents],
      );
    }
    return opened;
  });
}
