import type { AppDatabase } from "@/lib/db/database";

/** A CAEP assurance-level-change (decrease) the intranet received for a user. */
export interface AssuranceDecrease {
  /** When the provider says the assurance dropped (epoch seconds): sessions authenticated before it are downgraded. */
  readonly at: number;
  /** When the intranet received it. */
  readonly receivedAt: number;
  /** The SET's jti, to find it in the logs. */
  readonly jti: string;
  readonly reason?: string;
}

/**
 * Records that `sub`'s assurance dropped at `at` (the latest drop wins) and deletes the server-side transfer tokens
 * of the user's live sessions: a token approved with the old second factor is not presented again. Per user rather
 * than per session, so a sign-in that reuses the provider's older authentication is downgraded too. Returns how many
 * live sessions the user has (all of them authenticated before the event, or they would not be live yet).
 */
export async function recordAssuranceDecrease(db: AppDatabase, sub: string, decrease: AssuranceDecrease): Promise<number> {
  await db.query(
    `INSERT INTO intranet_assurance_decreases (sub, decreased_at, received_at, event_jti, reason) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (sub) DO UPDATE SET decreased_at = EXCLUDED.decreased_at, received_at = EXCLUDED.received_at,
       event_jti = EXCLUDED.event_jti, reason = EXCLUDED.reason
     WHERE intranet_assurance_decreases.decreased_at <= EXCLUDED.decreased_at`,
    [sub, decrease.at, decrease.receivedAt, decrease.jti, decrease.reason ?? null],
  );
  await db.query("DELETE FROM intranet_transfer_tokens WHERE sid IN (SELECT sid FROM intranet_sessions WHERE sub = $1 AND ended_at IS NULL)", [sub]);
  const { rows } = await db.query<{ live: number | string }>("SELECT count(*) AS live FROM intranet_sessions WHERE sub = $1 AND ended_at IS NULL", [sub]);
  return Number(rows[0]?.live ?? 0);
}

/** The latest assurance decrease recorded for `sub`, if any. */
export async function assuranceDecreaseOf(db: AppDatabase, sub: string): Promise<AssuranceDecrease | undefined> {
  const { rows } = await db.query<{ decreased_at: number | string; received_at: number | string; event_jti: string; reason: string | null }>(
    "SELECT decreased_at, received_at, event_jti, reason FROM intranet_assurance_decreases WHERE sub = $1",
    [sub],
  );
  const row = rows[0];
  if (!row) return undefined;
  return { at: Number(row.decreased_at), receivedAt: Number(row.received_at), jti: row.event_jti, ...(row.reason ? { reason: row.reason } : {}) };
}
