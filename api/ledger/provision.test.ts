/** Opening accounts for unknown subjects, raced by concurrent first requests, on PGlite and PostgreSQL. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestSchema, postgresTestUrl } from "../../testing/postgres-run";
import { type Database, openDatabase } from "../db/database";
import { migrate } from "../db/schema";
import { seedDemoData } from "../db/seed";
import { accountReference, listAccounts, listPayees } from "./accounts";
import { BANK_ACCOUNT_ID, MONEY_SUPPLY_CENTS } from "./bank";
import { ledgerProblems } from "./ledger-invariants";
import { ensureDemoAccounts, GENERIC_OWNER_NAME, ownerNameFrom, STARTER_ACCOUNTS } from "./provision";

const STARTER_TOTAL = STARTER_ACCOUNTS.reduce((sum, account) => sum + account.balanceCents, 0);

const CONCURRENT = 25;

function suite(backend: string, databaseUrl: string | undefined) {
  describe(`demo accounts on first sight (${backend})`, () => {
    let db: Database;
    let schema: string | undefined;

    let dropSchema: (() => Promise<void>) | undefined;

    before(async () => {
      const fresh = databaseUrl ? await createTestSchema(databaseUrl, "provision") : undefined;
      schema = fresh?.schema;
      dropSchema = fresh?.drop;
      db = await openDatabase({ databaseUrl, dataDir: "memory://", schema });
      await migrate(db);
      await seedDemoData(db);
    });

    after(async () => {
      await db?.close();
      await dropSchema?.();
    });

    const reserve = async () => Number((await db.query("SELECT balance FROM accounts WHERE id = $1", [BANK_ACCOUNT_ID])).rows[0]?.balance);
    const total = async () => Number((await db.query("SELECT SUM(balance) AS total FROM accounts")).rows[0]?.total);

    it("opens the starter accounts once under concurrent first requests, paid out of the reserve", async () => {
      const sub = "auth0|5f1c2d3e4f5a6b7c8d9e0f1a";
      const reserveBefore = await reserve();
      const results = await Promise.all(Array.from({ length: CONCURRENT }, () => ensureDemoAccounts(db, sub, "Dana Reyes")));
      assert.deepEqual(results.filter((r) => r === "opened").length, 1, `exactly one call opened them: ${results.join(",")}`);
      assert.ok(results.every((r) => r === "opened" || r === "known"));
      assert.equal(await reserve(), reserveBefore - STARTER_TOTAL, "the reserve paid once");
      assert.equal(await total(), MONEY_SUPPLY_CENTS, "no money appeared");
      assert.deepEqual(await ledgerProblems(db), []);
      const accounts = await listAccounts(db, sub);
      assert.deepEqual(accounts.map((a) => [a.name, a.balanceCents]).sort(), STARTER_ACCOUNTS.map((a) => [a.name, a.balanceCents]).sort());
      const entries = await db.query("SELECT count(*)::int AS n FROM ledger_entries WHERE account_id = ANY($1)", [accounts.map((a) => a.id)]);
      assert.equal(Number(entries.rows[0]?.n), STARTER_ACCOUNTS.length, "one opening entry per account");
      // Later requests change nothing.
      assert.equal(await ensureDemoAccounts(db, sub, "Someone Else"), "known");
      assert.equal((await listAccounts(db, sub)).length, STARTER_ACCOUNTS.length);
    });

    it("leaves seeded users alone and shows newcomers to others as payees, by name or a generic label", async () => {
      assert.equal(await ensureDemoAccounts(db, "alice", "Alice Johnson"), "known");
      assert.equal((await listAccounts(db, "alice")).length, 2);
      await ensureDemoAccounts(db, "okta|00u1abcd", undefined);
      const payees = await listPayees(db, "alice");
      const owners = new Set(payees.map((p) => p.ownerName));
      assert.ok(owners.has("Dana Reyes"));
      assert.ok(owners.has(GENERIC_OWNER_NAME));
      assert.ok(!payees.some((p) => p.accountId.startsWith("acc_alice")));
      assert.ok(!payees.some((p) => p.accountId === BANK_ACCOUNT_ID), "the reserve is nobody's payee");
    });

    it("tells same-named payees apart: a reference per account, and whether the name is the ledger's or the token's", async () => {
      await ensureDemoAccounts(db, "keycloak|impostor", "Bob Smith");
      const bobs = (await listPayees(db, "alice")).filter((p) => p.ownerName === "Bob Smith" && p.accountName === "Everyday checking");
      assert.equal(bobs.length, 2);
      const [seeded, impostor] = [bobs.find((p) => p.ownerNameVerified), bobs.find((p) => !p.ownerNameVerified)];
      assert.equal(seeded?.accountId, "acc_bob_checking");
      assert.ok(impostor);
      assert.match(seeded.reference, /^[0-9a-f]{4}$/);
      assert.notEqual(seeded.reference, impostor.reference);
      assert.equal(seeded.reference, accountReference("acc_bob_checking"), "the owner sees the same reference on their own account");
    });

    it("opens accounts empty once the reserve is spent: a cap, and still no money from nowhere", async () => {
      const outcomes: string[] = [];
      for (let i = 0; outcomes.at(-1) !== "opened_unfunded"; i++) {
        assert.ok(i < Math.ceil(MONEY_SUPPLY_CENTS / STARTER_TOTAL) + 1, "the reserve should run out");
        outcomes.push(await ensureDemoAccounts(db, `signup|${i}`, `Sign-up ${i}`));
      }
      assert.ok(outcomes.slice(0, -1).every((o) => o === "opened"));
      assert.ok((await reserve()) < STARTER_TOTAL);
      const last = await listAccounts(db, `signup|${outcomes.length - 1}`);
      assert.deepEqual(
        last.map((a) => a.balanceCents),
        [0, 0],
      );
      assert.equal(await total(), MONEY_SUPPLY_CENTS);
      assert.deepEqual(await ledgerProblems(db), []);
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
// Concurrent first requests only race for real on PostgreSQL; under CI=true this run cannot be skipped.
const databaseUrl = postgresTestUrl("demo accounts on first sight");
if (databaseUrl) suite("PostgreSQL", databaseUrl);
