import type { Database } from "./database";

interface SeedAccount {
  id: string;
  ownerSub: string;
  ownerName: string;
  name: string;
  balanceCents: number;
  /** Illustrative history, oldest first: [days ago, signed cents, counterparty, memo]. */
  history: Array<[number, number, string, string]>;
}

/** The demo ledger (matches the demo users of the dev IdP). */
export const SEED_ACCOUNTS: readonly SeedAccount[] = [
  {
    id: "acc_alice_checking", ownerSub: "alice", ownerName: "Alice Johnson", name: "Everyday checking", balanceCents: 250_000,
    history: [
      [20, 320_000, "Fabrikam Inc", "Salary"],
      [18, -145_000, "Contoso Property Management", "Rent"],
      [12, -8_640, "Northwind Grocers", "Groceries"],
      [5, -460, "Blue Yonder Coffee", "Flat white"],
    ],
  },
  {
    id: "acc_alice_savings", ownerSub: "alice", ownerName: "Alice Johnson", name: "Savings", balanceCents: 1_000_000,
    history: [[15, 50_000, "Alice Johnson", "Monthly saving"], [1, 1_234, "Fabrikam Bank", "Interest"]],
  },
  {
    id: "acc_bob_checking", ownerSub: "bob", ownerName: "Bob Smith", name: "Everyday checking", balanceCents: 180_000,
    history: [
      [19, 280_000, "Fabrikam Inc", "Salary"],
      [17, -120_000, "Litware Apartments", "Rent"],
      [9, -5_999, "Adventure Works", "Hiking boots"],
    ],
  },
  {
    id: "acc_bob_savings", ownerSub: "bob", ownerName: "Bob Smith", name: "Savings", balanceCents: 500_000,
    history: [[14, 25_000, "Bob Smith", "Monthly saving"], [1, 617, "Fabrikam Bank", "Interest"]],
  },
];

/**
 * Inserts the demo accounts and their history once; later starts change nothing.
 * An "Opening balance" entry makes each history add up to the seeded balance.
 */
export async function seedDemoData(db: Database): Promise<void> {
  await db.transaction(async (tx) => {
    for (const account of SEED_ACCOUNTS) {
      const inserted = await tx.query(
        `INSERT INTO accounts (id, owner_sub, owner_name, name, currency, balance)
         VALUES ($1, $2, $3, $4, 'USD', $5) ON CONFLICT (id) DO NOTHING RETURNING id`,
        [account.id, account.ownerSub, account.ownerName, account.name, account.balanceCents],
      );
      if (inserted.rows.length === 0) continue;
      const opening = account.balanceCents - account.history.reduce((sum, [, cents]) => sum + cents, 0);
      const entries: Array<[number, number, string, string]> = [[30, opening, "Fabrikam Bank", "Opening balance"], ...account.history];
      for (const [index, [daysAgo, cents, counterparty, memo]] of entries.entries()) {
        await tx.query(
          `INSERT INTO ledger_entries (id, account_id, amount, counterparty, memo, created_at)
           VALUES ($1, $2, $3, $4, $5, now() - make_interval(days => $6::int)) ON CONFLICT (id) DO NOTHING`,
          [`seed_${account.id}_${index}`, account.id, cents, counterparty, memo, daysAgo],
        );
      }
    }
  });
}
