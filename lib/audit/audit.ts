import "server-only";
import { logAuthEvent } from "@/lib/auth/log";
import { appDb } from "@/lib/db/app-db";
import { type AuditDetail, type AuditEventName, storeAuditEvent } from "./audit-events";

/**
 * Logs an authentication event and stores it for the user's activity page. Storage failures are logged,
 * never thrown: an audit hiccup must not sign people out or lose a transfer.
 */
export async function audit(sub: string, event: AuditEventName, detail: AuditDetail = {}): Promise<void> {
  logAuthEvent(event, { sub, ...detail });
  try {
    await storeAuditEvent(await appDb(), sub, event, detail);
  } catch (error) {
    logAuthEvent("audit_store_failed", { sub, audit_event: event, detail: error instanceof Error ? error.message : String(error) });
  }
}
