/** Opening accounts for unknown subjects, raced by concurrent first requests, on PGlite and PostgreSQL. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import pg from "pg";
import { openDatabase, type Database } from "../db/database";
import { migrate } from "../db/schema";
import { seedDemoData } from "../db/seed";
import { listAccounts, listPayees } from "./accounts";
import { ensureDemoAccounts, GENERIC_OWNER_NAME, ownerNameFrom, STARTER_ACCOUNTS } from "./provision";

const CONCURRENT = 25;

function suite(backend: string, databaseUrl: string | undefined) {
  describe(`demo accounts on first sight (${backend})`, () => {
    let db: Database;
    let schema: string | undefined;

    before(async () => {
      if (databaseUrl) {
        schema = `provision_${process.pid}_${Date.now()}`;
        const client = new pg.Client({ connectionString: databaseUrl });
        await client.connect();
        await client.query(`CREATE SCHEMA ${schema}`);
        await client.end();
      }
      db = await openDatabase({ databaseUrl, dataDir: "memory://", schema });
      await migrate(db);
      await seedDemoData(db);
    });

    after(async () => {
      await db?.close();
      if (databaseUrl && schema) {
        const client = new pg.Client({ connectionString: databaseUrl });
        await client.connect();
        await client.query(`DROP SCHEMA ${schema} CASCADE`);
        await client.end();
      }
    });

    it("opens the starter accounts once under concurrent first requests", async () => {
      const sub = "auth0|5f1c2d3e4f5a6b7c8d9e0f1a";
      const results = await Promise.all(Array.from({ length: CONCURRENT }, () => ensureDemoAccounts(db, sub, "Dana Reyes")));
      assert.ok(results.filter(Boolean).length >= 1, "some call opened the accounts");
      const accounts = await listAccounts(db, sub);
      assert.deepEqual(accounts.map((a) => [a.name, a.balanceCents]).sort(), STARTER_ACCOUNTS.map((a) => [a.name, a.balanceCents]).sort());
      const entries = await db.query("SELECT count(*)::int AS n FROM ledger_entries WHERE account_id = ANY($1)", [accounts.map((a) => a.id)]);
      assert.equal(Number(entries.rows[0]?.n), STARTER_ACCOUNTS.length, "one opening entry per account");
      // Later requests change nothing.
      assert.equal(await ensureDemoAccounts(db, sub, "Someone Else"), false);
      assert.equal((await listAccounts(db, sub)).length, STARTER_ACCOUNTS.length);
    });

    it("leaves seeded users alone and shows newcomers to others as payees, by name or a generic label", async () => {
      assert.equal(await ensureDemoAccounts(db, "alice", "Alice Johnson"), false);
      assert.equal((await listAccounts(db, "alice")).length, 2);
      await ensureDemoAccounts(db, "okta|00u1abcd", undefined);
      const payees = await listPayees(db, "alice");
      const owners = new Set(payees.map((p) => p.ownerName));
      assert.ok(owners.has("Dana Reyes"));
      assert.ok(owners.has(GENERIC_OWNER_NAME));
      assert.ok(!payees.some((p) => p.accountId.startsWith("acc_alice")));
    });
  });
}

it("display names: control characters stripped, long names cut, blanks become the generic label", () => {
  assert.equal(ownerNameFrom("  Dana\u0000 Reyes\u202e "), "Dana Reyes");
  assert.equal(ownerNameFrom("x".repeat(200)).length, 80);
  assert.equal(ownerNameFrom("   "), GENERIC_OWNER_NAME);
  assert.equal(ownerNameFrom(42), GENERIC_OWNER_NAME);
});

suite("PGlite", undefined);
const databaseUrl = process.env.TEST_DATABASE_URL;
if (databaseUrl) suite("PostgreSQL", databaseUrl);
else it("PostgreSQL run skipped: set TEST_DATABASE_URL to run it", { skip: true }, () => {});
