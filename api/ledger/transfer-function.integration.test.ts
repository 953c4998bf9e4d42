/**
 * The one-statement transfer (transfer-function.ts) called directly, below the route: the edge cases a single
 * statement brings — refusals rolled back inside it with the jti, the order of its checks, an amount equal to the
 * balance, opposite transfers between one pair at once, Idempotency-Key races — on PGlite and on PostgreSQL, where
 * the statements really interleave.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { createTestSchema, postgresTestUrl } from "../../testing/postgres-run";
import { type Database, openDatabase } from "../db/database";
import { migrate } from "../db/schema";
import { seedDemoData } from "../db/seed";
import { BANK_ACCOUNT_ID } from "./bank";
import { ledgerProblems } from "./ledger-invariants";
import { executeTransfer, type TransferInstruction } from "./transfers";

const EXP = Math.floor(Date.now() / 1000) + 300;
const token = (sub: string) => ({ sub, jti: randomUUID(), exp: EXP });
const move = (from: string, to: string, amountCents: number): TransferInstruction => ({ from, to, amountCents, memo: null });

function suite(backend: string, databaseUrl: string | undefined) {
  describe(`transfer_funds on ${backend}`, { timeout: 120_000 }, () => {
    let db: Database;
    let drop: (() => Promise<void>) | undefined;

    before(async () => {
      const fresh = databaseUrl ? await createTestSchema(databaseUrl, "api_transfer_fn") : undefined;
      drop = fresh?.drop;
      db = await openDatabase({ databaseUrl, dataDir: "memory://", ...(fresh ? { schema: fresh.schema } : {}) });
      await migrate(db);
      await seedDemoData(db);
    });
    after(async () => {
      await db?.close();
      await drop?.();
    });

    const balance = async (id: string) => Number((await db.query("SELECT balance FROM accounts WHERE id = $1", [id])).rows[0]?.balance);
    const spent = async (jti: string) => (await db.query("SELECT 1 FROM used_tokens WHERE jti = $1", [jti])).rows.length === 1;

    it("moves exactly the whole balance, then refuses one cent more with the balance it saw, leaving that token unspent", async () => {
      const all = await balance("acc_bob_savings");
      const created = await executeTransfer(db, token("bob"), move("acc_bob_savings", "acc_alice_savings", all), null);
      assert.equal(created.kind, "created");
      assert.equal(await balance("acc_bob_savings"), 0);

      const broke = token("bob");
      assert.deepEqual(await executeTransfer(db, broke, move("acc_bob_savings", "acc_alice_savings", 1), null), {
        kind: "insufficient_funds",
        balanceCents: 0,
      });
      assert.equal(await spent(broke.jti), false, "a refused transfer spends nothing");
      // The same token still pays for a transfer that is covered.
      assert.equal((await executeTransfer(db, broke, move("acc_bob_checking", "acc_bob_savings", 100), null)).kind, "created");
      assert.equal(await spent(broke.jti), true);
      // Put the money back for the other tests.
      assert.equal((await executeTransfer(db, token("alice"), move("acc_alice_savings", "acc_bob_savings", all), null)).kind, "created");
      assert.deepEqual(await ledgerProblems(db), []);
    });

    it("checks in the route's order: a spent token first, then the from account, then the to account, then the funds", async () => {
      const used = token("alice");
      assert.equal((await executeTransfer(db, used, move("acc_alice_checking", "acc_bob_checking", 1), null)).kind, "created");
      const before = await db.query("SELECT id, balance FROM accounts ORDER BY id");
      // A spent token with everything else wrong too is a replay.
      assert.deepEqual(await executeTransfer(db, used, move("acc_bob_checking", "acc_nobody", 99_999_999), null), { kind: "token_already_used" });

      const fresh = token("alice");
      assert.deepEqual(await executeTransfer(db, fresh, move("acc_bob_checking", "acc_nobody", 99_999_999), null), { kind: "from_not_owned" });
      assert.deepEqual(await executeTransfer(db, fresh, move(BANK_ACCOUNT_ID, "acc_bob_checking", 1), null), { kind: "from_not_owned" });
      assert.deepEqual(await executeTransfer(db, fresh, move("acc_alice_checking", "acc_nobody", 99_999_999), null), { kind: "unknown_to" });
      assert.deepEqual(await executeTransfer(db, fresh, move("acc_alice_checking", BANK_ACCOUNT_ID, 1), null), { kind: "unknown_to" });
      assert.equal((await executeTransfer(db, fresh, move("acc_alice_checking", "acc_bob_checking", 99_999_999), null)).kind, "insufficient_funds");
      assert.equal(await spent(fresh.jti), false, "none of the refusals spent the token");
      assert.deepEqual((await db.query("SELECT id, balance FROM accounts ORDER BY id")).rows, before.rows, "nothing moved");
    });

    it("records the transfer and its two entries with one timestamp and the counterparties' names", async () => {
      const outcome = await executeTransfer(db, token("alice"), { ...move("acc_alice_checking", "acc_bob_savings", 250), memo: "Lunch" }, null);
      assert.equal(outcome.kind, "created");
      if (outcome.kind !== "created") return;
      const { rows } = await db.query("SELECT account_id, amount, counterparty, memo FROM ledger_entries WHERE transfer_id = $1 ORDER BY amount", [
        outcome.transfer.id,
      ]);
      assert.deepEqual(
        rows.map((r) => [r.account_id, Number(r.amount), r.counterparty, r.memo]),
        [
          ["acc_alice_checking", -250, "Bob Smith (Savings)", "Lunch"],
          ["acc_bob_savings", 250, "Alice Johnson (Everyday checking)", "Lunch"],
        ],
      );
      const sameTime = await db.query(
        "SELECT count(*) AS n FROM ledger_entries e JOIN transfers t ON t.id = e.transfer_id WHERE t.id = $1 AND e.created_at = t.created_at",
        [outcome.transfer.id],
      );
      assert.equal(Number(sameTime.rows[0]?.n), 2, "both entries carry the transfer's own timestamp, to the microsecond");
      assert.deepEqual(
        { ...outcome.transfer, id: undefined, createdAt: undefined },
        {
          id: undefined,
          createdAt: undefined,
          from: "acc_alice_checking",
          to: "acc_bob_savings",
          amountCents: 250,
          currency: "USD",
          memo: "Lunch",
        },
      );
    });

    it("replays an Idempotency-Key's transfer before looking at the token, and keeps each subject's keys apart", async () => {
      const key = `key-${randomUUID()}`;
      const first = token("alice");
      const created = await executeTransfer(db, first, move("acc_alice_checking", "acc_bob_checking", 300), key);
      assert.equal(created.kind, "created");
      // The spent token with the same key: the original, not a replay refusal; another token: the same, and unspent.
      const again = await executeTransfer(db, first, move("acc_alice_checking", "acc_bob_checking", 300), key);
      const other = token("alice");
      const withOther = await executeTransfer(db, other, move("acc_alice_savings", "acc_bob_checking", 999), key);
      assert.deepEqual(again, { kind: "replay", transfer: created.kind === "created" ? created.transfer : undefined });
      assert.deepEqual(withOther, again, "the route, not the statement, compares the bodies");
      assert.equal(await spent(other.jti), false);
      assert.equal((await executeTransfer(db, token("bob"), move("acc_bob_checking", "acc_alice_checking", 300), key)).kind, "created");
    });

    it(`commits opposite transfers between one pair at once without deadlock ${databaseUrl ? "(PostgreSQL: interleaved)" : "(PGlite: one at a time)"}`, async () => {
      const before = [await balance("acc_alice_checking"), await balance("acc_bob_checking")];
      const outcomes = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          i % 2 === 0
            ? executeTransfer(db, token("alice"), move("acc_alice_checking", "acc_bob_checking", 100 + i), null)
            : executeTransfer(db, token("bob"), move("acc_bob_checking", "acc_alice_checking", 300 + i), null),
        ),
      );
      assert.deepEqual(new Set(outcomes.map((o) => o.kind)), new Set(["created"]));
      const sent = (parity: number, base: number) =>
        Array.from({ length: 40 }, (_, i) => i)
          .filter((i) => i % 2 === parity)
          .reduce((sum, i) => sum + base + i, 0);
      const net = sent(1, 300) - sent(0, 100);
      assert.deepEqual([await balance("acc_alice_checking"), await balance("acc_bob_checking")], [(before[0] ?? 0) + net, (before[1] ?? 0) - net]);
      assert.deepEqual(await ledgerProblems(db), []);
    });

    it(`answers concurrent requests with one Idempotency-Key and different tokens with one transfer and one spent jti ${databaseUrl ? "(PostgreSQL: interleaved)" : "(PGlite: one at a time)"}`, async () => {
      const key = `race-${randomUUID()}`;
      const tokens = Array.from({ length: 12 }, () => token("alice"));
      const outcomes = await Promise.all(tokens.map((t) => executeTransfer(db, t, move("acc_alice_checking", "acc_bob_savings", 700), key)));
      assert.deepEqual(outcomes.map((o) => o.kind).sort(), ["created", ...Array<string>(11).fill("replay")]);
      const transfer = outcomes.find((o) => o.kind === "created");
      for (const outcome of outcomes)
        if (outcome.kind === "replay") assert.deepEqual(outcome.transfer, transfer?.kind === "created" ? transfer.transfer : undefined);
      const spentCount = (await Promise.all(tokens.map((t) => spent(t.jti)))).filter(Boolean).length;
      assert.equal(spentCount, 1);
      assert.deepEqual(await ledgerProblems(db), []);
    });

    it(`spends a token once when it pays for several transfers at once, whatever else they ask ${databaseUrl ? "(PostgreSQL: interleaved)" : "(PGlite: one at a time)"}`, async () => {
      const one = token("alice");
      const outcomes = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          executeTransfer(db, one, i % 2 ? move("acc_alice_checking", "acc_bob_checking", 5) : move("acc_alice_savings", "acc_bob_savings", 7), null),
        ),
      );
      assert.deepEqual(outcomes.map((o) => o.kind).sort(), ["created", ...Array<string>(11).fill("token_already_used")]);
      assert.deepEqual(await ledgerProblems(db), []);
    });
  });
}

suite("PGlite", undefined);
// The races need this run; under CI=true it cannot be skipped (testing/postgres-run.ts).
const databaseUrl = postgresTestUrl("the one-statement transfer's races");
if (databaseUrl) suite("PostgreSQL", databaseUrl);
