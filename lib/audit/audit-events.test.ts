import assert from "node:assert/strict";
import { test } from "node:test";
import { onEveryAppDatabase } from "@/testing/app-db-backends";
import { auditEventsOf, storeAuditEvent } from "./audit-events";

onEveryAppDatabase((db) => {
  test("a user's events come back newest first, and only theirs", async () => {
    await storeAuditEvent(db(), "alice", "signed_in", { acr: "pwd" });
    await storeAuditEvent(db(), "bob", "signed_in", {});
    await storeAuditEvent(db(), "alice", "transfer_completed", { transfer: "t-1", skipped: undefined });
    const events = await auditEventsOf(db(), "alice");
    assert.deepEqual(
      events.map((e) => e.event),
      ["transfer_completed", "signed_in"],
    );
    assert.deepEqual(events[0]?.detail, { transfer: "t-1" });
    assert.ok(events[0]?.at instanceof Date);
    assert.deepEqual(
      (await auditEventsOf(db(), "bob")).map((e) => e.event),
      ["signed_in"],
    );
  });
});
