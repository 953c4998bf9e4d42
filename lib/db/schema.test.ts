/** The intranet's migration on PostgreSQL: instances opening one fresh database at the same moment all succeed. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createTestSchema, postgresTestUrl } from "@/testing/postgres-run";
import { type AppDatabase, openAppDatabase } from "./database";

const INSTANCES = 4;
const ROUNDS = 5;

describe("migrate on a shared PostgreSQL database", () => {
  const url = postgresTestUrl("instances migrating together");
  if (!url) return;

  it(`${INSTANCES} instances opening a fresh database together all succeed (${ROUNDS} rounds), and the tables exist once`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const fresh = await createTestSchema(url, "app_migrate");
      try {
        const opened: PromiseSettledResult<AppDatabase>[] = await Promise.allSettled(
          Array.from({ length: INSTANCES }, () => openAppDatabase({ databaseUrl: url, dataDir: "memory://", schema: fresh.schema })),
        );
        const failures: string[] = opened.flatMap((result) => (result.status === "rejected" ? [String(result.reason)] : []));
        const [first] = opened.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
        const tables = first ? await first.query<{ n: string }>("SELECT count(*) AS n FROM pg_tables WHERE schemaname = $1", [fresh.schema]) : undefined;
        await Promise.all(opened.map((result) => (result.status === "fulfilled" ? result.value.close() : undefined)));
        assert.deepEqual(failures, [], `round ${round}`);
        assert.ok(Number(tables?.rows[0]?.n) >= 5, "the intranet's tables were created");
      } finally {
        await fresh.drop();
      }
    }
  });
});
