import assert from "node:assert/strict";
import { test } from "node:test";
import { onEveryAppDatabase } from "@/testing/app-db-backends";
import { AUDIT_EVENTS, type AuditEventName, auditEventsOf, auditLabel, storeAuditEvent } from "./audit-events";

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

test("labels name the provider as configured, and only the provider events name one", () => {
  assert.equal(auditLabel("backchannel_logout", "Contoso Sign-in"), "Signed out at Contoso Sign-in");
  assert.equal(auditLabel("backchannel_logout", "A$&B $$ $1"), "Signed out at A$&B $$ $1", "the name is text, not a pattern");
  assert.equal(auditLabel("caep_session_revoked", "your identity provider"), "Signed out of every application at your identity provider");
  for (const event of Object.keys(AUDIT_EVENTS) as AuditEventName[]) {
    assert.doesNotMatch(auditLabel(event, "P"), /\{provider\}|Fabrikam Identity/, event);
  }
});
