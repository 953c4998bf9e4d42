import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestSchema, postgresTestUrl } from "../../testing/postgres-run";
import { BANK_ACCOUNT_ID, MONEY_SUPPLY_CENTS } from "../ledger/bank";
import { ledgerProblems } from "../ledger/ledger-invariants";
import { type Database, openDatabase } from "./database";
import { migrate } from "./schema";
import { SEED_ACCOUNTS, seedDemoData } from "./seed";

async function accountCount(db: Database): Promise<number> {
  const { rows } = await db.query("SELECT count(*) AS n FROM accounts WHERE kind = 'customer'");
  return Number(rows[0]?.n);
}

async function reserve(db: Database): Promise<number> {
  const { rows } = await db.query("SELECT balance FROM accounts WHERE id = $1", [BANK_ACCOUNT_ID]);
  return Number(rows[0]?.balance);
}

const seededTotal = SEED_ACCOUNTS.reduce((sum, account) => sum + account.balanceCents, 0);

describe("schema and seed on PGlite", () => {
  // One instance for the whole suite: starting PGlite costs seconds.
  let db: Database;
  before(async () => {
    db = await openDatabase({ dataDir: "memory://" });
  });
  after(() => db.close());

  it("migrates and seeds idempotently: the seeded balances are paid out of the reserve, the books balance", async () => {
    for (let i = 0; i < 2; i++) {
      await migrate(db);
      await seedDemoData(db);
    }
    assert.equal(await accountCount(db), SEED_ACCOUNTS.length);
    assert.equal(await reserve(db), MONEY_SUPPLY_CENTS - seededTotal);
    assert.deepEqual(await ledgerProblems(db), []);
    // Every seeded entry has its counterpart on the reserve.
    const { rows } = await db.query("SELECT COALESCE(SUM(amount), 0) AS total FROM ledger_entries WHERE id <> 'bank_issue'");
    assert.equal(Number(rows[0]?.total), 0);
  });

  it("finds a broken book: money that appears without leaving the reserve", async () => {
    await db.query("UPDATE accounts SET balance = balance + 100 WHERE id = 'acc_bob_savings'");
    const problems = await ledgerProblems(db);
    assert.equal(problems.length, 2, problems.join("; "));
    assert.match(problems.join("; "), /issued/);
    assert.match(problems.join("; "), /acc_bob_savings: history adds up to/);
    await db.query("UPDATE accounts SET balance = balance - 100 WHERE id = 'acc_bob_savings'");
    assert.deepEqual(await ledgerProblems(db), []);
  });

  it("runs concurrent read-modify-write transactions one after another", async () => {
    await db.query("CREATE TABLE counter (n int NOT NULL)");
    await db.query("INSERT INTO counter VALUES (0)");
    await Promise.all(
      Array.from({ length: 50 }, () =>
        db.transaction(async (tx) => {
          const { rows } = await tx.query("SELECT n FROM counter");
          await new Promise((resolve) => setImmediate(resolve));
          await tx.query("UPDATE counter SET n = $1", [Number(rows[0]?.n) + 1]);
        }),
      ),
    );
    const { rows } = await db.query("SELECT n FROM counter");
    assert.equal(rows[0]?.n, 50);
  });

  it("adopts the balances of a ledger from before the reserve, so they count as issued", async () => {
    // A schema of its own on the same PGlite (starting another instance costs seconds); PGlite has one connection.
    const old = db;
    await db.query("CREATE SCHEMA before_reserve");
    await db.query("SET search_path TO before_reserve");
    try {
      await migrate(old);
      // As an earlier version left it: a provisioned account with its opening entry, no reserve.
      await old.query(
        "INSERT INTO accounts (id, owner_sub, owner_name, name, balance) VALUES ('acc_old_checking', 'okta|1', 'Dana', 'Everyday checking', 150000)",
      );
      await old.query(
        "INSERT INTO ledger_entries (id, account_id, amount, counterparty) VALUES ('open_acc_old_checking', 'acc_old_checking', 150000, 'Fabrikam Bank')",
      );
      await seedDemoData(old);
      assert.deepEqual(await ledgerProblems(old), []);
      assert.equal(await reserve(old), MONEY_SUPPLY_CENTS - seededTotal, "the adopted balance is not taken from the reserve's payouts");
      assert.equal(Number((await old.query("SELECT balance FROM accounts WHERE id = 'acc_old_checking'")).rows[0]?.balance), 150000);
    } finally {
      await db.query("SET search_path TO public");
    }
  });

  it("refuses a negative balance at the schema level", async () => {
    await migrate(db);
    await seedDemoData(db);
    await assert.rejects(db.query("UPDATE accounts SET balance = -1 WHERE id = 'acc_alice_checking'"), /check/i);
  });
});

// Instances starting together only race for real on PostgreSQL; under CI=true this run cannot be skipped.
const databaseUrl = postgresTestUrl("several instances migrating and seeding at once");
if (databaseUrl)
  describe("schema on PostgreSQL", () => {
    it("survives several instances migrating and seeding the same fresh schema at once", async () => {
      const { schema, drop } = await createTestSchema(databaseUrl, "api_schema");
      const dbs = await Promise.all(Array.from({ length: 4 }, () => openDatabase({ databaseUrl, dataDir: "", schema })));
      try {
        await Promise.all(
          dbs.map(async (db) => {
            await migrate(db);
            await seedDemoData(db);
          }),
        );
        assert.equal(await accountCount(dbs[0] as Database), SEED_ACCOUNTS.length);
        assert.equal(await reserve(dbs[0] as Database), MONEY_SUPPLY_CENTS - seededTotal, "the reserve paid the seed once");
        assert.deepEqual(await ledgerProblems(dbs[0] as Database), []);
      } finally {
        await Promise.all(dbs.map((db) => db.close()));
        await drop();
      }
    });
  });
