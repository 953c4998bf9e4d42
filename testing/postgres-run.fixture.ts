// Run by testing/postgres-run.test.ts in a child process: one PostgreSQL run, as the database tests define it.
import { before, describe, it } from "node:test";
import { createTestSchema, postgresTestUrl } from "./postgres-run";

const url = postgresTestUrl("the fixture");
if (url) {
  describe("the fixture on PostgreSQL", () => {
    before(async () => {
      await (await createTestSchema(url, "fixture")).drop();
    });
    it("ran", () => undefined);
  });
}
