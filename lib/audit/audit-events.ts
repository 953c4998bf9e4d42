import type { AppDatabase } from "@/lib/db/database";

/** Authentication and transfer events a user can see on /activity; `{provider}` is the provider's name (auditLabel). */
export const AUDIT_EVENTS = {
  signed_in: "Signed in",
  step_up_requested: "Extra verification requested",
  step_up_satisfied: "Extra verification completed",
  step_up_refused: "Extra verification not completed",
  transfer_completed: "Transfer completed",
  transfer_refused: "Transfer refused",
  token_replay_refused: "Reused transfer permission refused",
  signed_out: "Signed out",
  backchannel_logout: "Signed out at {provider}",
  caep_session_revoked: "Signed out of every application at {provider}",
  caep_assurance_decreased: "Second factor no longer counts (changed at {provider})",
} as const;

export type AuditEventName = keyof typeof AUDIT_EVENTS;

/** What /activity shows for `event`, naming the provider as people know it (config: OIDC_PROVIDER_NAME). */
export function auditLabel(event: AuditEventName, providerName: string): string {
  // A function, so a "$&" in the configured name is text, not a replacement pattern.
  return AUDIT_EVENTS[event].replace("{provider}", () => providerName);
}

export type AuditDetail = Record<string, string | number | boolean | undefined>;

/** One stored event, as the activity page shows it. */
export interface AuditEvent {
  readonly id: number;
  readonly at: Date;
  readonly event: AuditEventName;
  readonly detail: Record<string, unknown>;
}

/** Stores one event for `sub`. */
export async function storeAuditEvent(db: AppDatabase, sub: string, event: AuditEventName, detail: AuditDetail): Promise<void> {
  const defined = Object.fromEntries(Object.entries(detail).filter(([, value]) => value !== undefined));
  await db.query("INSERT INTO intranet_audit_events (sub, event, detail) VALUES ($1, $2, $3)", [sub, event, JSON.stringify(defined)]);
}

/** The newest events of `sub` only, newest first. */
export async function auditEventsOf(db: AppDatabase, sub: string, limit = 100): Promise<AuditEvent[]> {
  const { rows } = await db.query<{ id: number | string; at: Date | string; event: string; detail: unknown }>(
    "SELECT id, at, event, detail FROM intranet_audit_events WHERE sub = $1 ORDER BY id DESC LIMIT $2",
    [sub, limit],
  );
  return rows.flatMap((row) => {
    if (!Object.hasOwn(AUDIT_EVENTS, row.event)) return [];
    const detail = typeof row.detail === "string" ? (JSON.parse(row.detail) as unknown) : row.detail;
    return [
      {
        id: Number(row.id),
        at: row.at instanceof Date ? row.at : new Date(row.at),
        event: row.event as AuditEventName,
        detail: typeof detail === "object" && detail !== null ? (detail as Record<string, unknown>) : {},
      },
    ];
  });
}
