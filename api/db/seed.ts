import { BANK_ACCOUNT_ID, BANK_NAME, ISSUE_ENTRY_ID, MONEY_SUPPLY_CENTS, payFromReserve, recordReserveEntry } from "../ledger/bank";
import type { Database, Queryable } from "./database";

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
    id: "acc_alice_checking",
    ownerSub: "alice",
    ownerName: "Alice Johnson",
    name: "Everyday checking",
    balanceCents: 250_000,
    history: [
      [20, 320_000, "Fabrikam Inc", "Salary"],
      [18, -145_000, "Contoso Property Management", "Rent"],
      [12, -8_640, "Northwind Grocers", "Groceries"],
      [5, -460, "Blue Yonder Coffee", "Flat white"],
    ],
  },
  {
    id: "acc_alice_savings",
    ownerSub: "alice",
    ownerName: "Alice Johnson",
    name: "Savings",
    balanceCents: 1_000_000,
    history: [
      [15, 50_000, "Alice Johnson", "Monthly saving"],
      [1, 1_234, "Fabrikam Bank", "Interest"],
    ],
  },
  {
    id: "acc_bob_checking",
    ownerSub: "bob",
    ownerName: "Bob Smith",
    name: "Everyday checking",
    balanceCents: 180_000,
    history: [
      [19, 280_000, "Fabrikam Inc", "Salary"],
      [17, -120_000, "Litware Apartments", "Rent"],
      [9, -5_999, "Adventure Works", "Hiking boots"],
    ],
  },
  {
    id: "acc_bob_savings",
    ownerSub: "bob",
    ownerName: "Bob Smith",
    name: "Savings",
    balanceCents: 500_000,
    history: [
      [14, 25_000, "Bob Smith", "Monthly saving"],
      [1, 617, "Fabrikam Bank", "Interest"],
    ],
  },
];

// Any constant works; it only has to be the same for every API instance seeding the database.
const SEED_LOCK_ID = 4001_7001;

/**
 * Opens the reserve once. Balances already in a ledger from before the reserve existed are counted as issued and
 * taken out of it in one entry, so the sum over all accounts equals what was issued from then on.
 */
async function openReserve(tx: Queryable): Promise<void> {
  const inserted = await tx.query(
    `INSERT INTO accounts (id, owner_sub, owner_name, name, currency, balance, kind, owner_name_verified)
     VALUES ($1, '', $2, 'Reserve', 'USD', 0, 'bank', true) ON CONFLICT (id) DO NOTHING RETURNING id`,
    [BANK_ACCOUNT_ID, BANK_NAME],
  );
  if (inserted.rows.length === 0) return;
  const { rows } = await tx.query("SELECT COALESCE(SUM(balance), 0) AS total FROM accounts WHERE kind = 'customer'");
  const adopted = Number(rows[0]?.total ?? 0);
  await tx.query("UPDATE accounts SET balance = $1 WHERE id = $2", [MONEY_SUPPLY_CENTS, BANK_ACCOUNT_ID]);
  await tx.query(`INSERT INTO ledger_entries (id, account_id, amount, counterparty, memo) VALUES ($1, $2, $3, $4, 'Money issued to the demo ledger')`, [
    ISSUE_ENTRY_ID,
    BANK_ACCOUNT_ID,
    MONEY_SUPPLY_CENTS + adopted,
    BANK_NAME,
  ]);
  if (adopted > 0)
    await recordReserveEntry(tx, { id: "bank_adopted", cents: adopted, counterparty: "Accounts opened before the reserve", memo: "Balances adopted" });
}

/**
 * Inserts the reserve and the demo accounts with their history once; later starts change nothing. Each seeded
 * balance is paid out of the reserve: an "Opening balance" entry makes each history add up to the seeded balance,
 * and every entry has its counterpart on the reserve (the bank stands for the world outside the demo).
 */
export async function seedDemoData(db: Database): Promise<void> {
  await db.transaction(async (tx) => {
    // Instances starting together seed one after another, so the reserve is opened and debited once.
    await tx.query("SELECT pg_advisory_xact_lock($1)", [SEED_LOCK_ID]);
    await openReserve(tx);
    for (const account of SEED_ACCOUNTS) {
      const inserted = await tx.query(
        `INSERT INTO accounts (id, owner_sub, owner_name, name, currency, balance, owner_name_verified)
         VALUES ($1, $2, $3, $4, 'USD', $5, true) ON CONFLICT (id) DO NOTHING RETURNING id`,
        [account.id, account.ownerSub, account.ownerName, account.name, account.balanceCents],
      );
      if (inserted.rows.length === 0) continue;
      if (!(await payFromReserve(tx, account.balanceCents))) throw new Error("The demo reserve cannot fund the seeded accounts");
      const opening = account.balanceCents - account.history.reduce((sum, [, cents]) => sum + cents, 0);
      const entries: Array<[number, number, string, string]> = [[30, opening, BANK_NAME, "Opening balance"], ...account.history];
      for (const [index, [daysAgo, cents, counterparty, memo]] of entries.entries()) {
        const id = `seed_${account.id}_${index}`;
        await tx.query(
          `INSERT INTO ledger_entries (id, account_id, amount, counterparty, memo, created_at)
           VALUES ($1, $2, $3, $4, $5, now() - make_interval(days => $6::int)) ON CONFLICT (id) DO NOTHING`,
          [id, account.id, cents, counterparty, memo, daysAgo],
        );
        await recordReserveEntry(tx, { id: `${id}_bank`, cents, counterparty: `${account.ownerName} (${account.name})`, memo, daysAgo });
      }
    }
  });
}
