import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import pg from "pg";
import { openDatabase, type Database } from "./database";
import { migrate } from "./schema";
import { SEED_ACCOUNTS, seedDemoData } from "./seed";

async function accountCount(db: Database): Promise<number> {
  const { rows } = await db.query("SELECT count(*) AS n FROM accounts");
  return Number(rows[0]?.n);
}

describe("schema and seed on PGlite", () => {
  // One instance for the whole suite: starting PGlite costs seconds.
  let db: Database;
  before(async () => {
    db = await openDatabase({ dataDir: "memory://" });
  });
  after(() => db.close());

  it("migrates and seeds idempotently, with histories that add up to the balances", async () => {
    for (let i = 0; i < 2; i++) {
      await migrate(db);
      await seedDemoData(db);
    }
    assert.equal(await accountCount(db), SEED_ACCOUNTS.length);
    const { rows } = await db.query(
      "SELECT a.id, a.balance, SUM(e.amount) AS history FROM accounts a JOIN ledger_entries e ON e.account_id = a.id GROUP BY a.id, a.balance",
    );
    for (const row of rows) assert.equal(Number(row.history), Number(row.balance));
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

  it("refuses a negative balance at the schema level", async () => {
    await migrate(db);
    await seedDemoData(db);
    await assert.rejects(db.query("UPDATE accounts SET balance = -1 WHERE id = 'acc_alice_checking'"), /check/i);
  });
});

const databaseUrl = process.env.TEST_DATABASE_URL;
describe("schema on PostgreSQL", { skip: databaseUrl ? false : "PostgreSQL run skipped: TEST_DATABASE_URL is not set" }, () => {
  it("survives several instances migrating and seeding the same fresh schema at once", async () => {
    const schema = `api_schema_${process.pid}_${Date.now()}`;
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    const dbs = await Promise.all(Array.from({ length: 4 }, () => openDatabase({ databaseUrl, dataDir: "", schema })));
    try {
      await Promise.all(dbs.map(async (db) => {
        await migrate(db);
        await seedDemoData(db);
      }));
      assert.equal(await accountCount(dbs[0] as Database), SEED_ACCOUNTS.length);
    } finally {
      await Promise.all(dbs.map((db) => db.close()));
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    }
  });
});
