import type { Queryable } from "../db/database";

/** What the directory says about one customer account: enough for the IdP to show whom a transfer pays. */
export interface DirectoryEntry {
  id: string;
  name: string;
  ownerName: string;
  /** True when the name comes from the ledger's own records, false when the owner's token supplied it. */
  ownerNameVerified: boolean;
}

/** The customer account with this id, or null (unknown ids and the bank's reserve alike). */
export async function findDirectoryEntry(db: Queryable, accountId: string): Promise<DirectoryEntry | null> {
  const { rows } = await db.query("SELECT id, name, owner_name, owner_name_verified FROM accounts WHERE id = $1 AND kind = 'customer'", [accountId]);
  const row = rows[0];
  if (!row) return null;
  return { id: String(row.id), name: String(row.name), ownerName: String(row.owner_name), ownerNameVerified: row.owner_name_verified === true };
}
