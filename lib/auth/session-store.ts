import type { AppDatabase } from "@/lib/db/database";

/** Why a server-side session record stopped being valid. */
export type SessionEndReason = "replaced" | "signed_out" | "backchannel_logout" | "caep_session_revoked";

/** The facts recorded about a session when it is sealed into a cookie. */
export interface SessionRecord {
  readonly sid: string;
  readonly sub: string;
  readonly createdAt: number;
  readonly expiresAt: number;
  /** The provider's ID token, kept server-side (not in the cookie) to hint a sign-out at the provider with. */
  readonly idToken?: string;
  /** The provider's session id (ID token `sid`), which a back-channel logout names. */
  readonly idpSid?: string;
  /** The email the provider verified (ID token `email` with `email_verified`), which a CAEP event may name. */
  readonly email?: string;
}

/** Idle sessions refresh their last-seen time at most this often, so reading pages is not a write per request. */
export const LAST_SEEN_GRANULARITY_SECONDS = 60;

/**
 * Records a new session and ends the one it replaces (sign-in, step-up): the old cookie stops working even
 * though its seal is still valid — the session-fixation and stolen-cookie defence a stateless seal lacks.
 * Without a provider `sid` of its own, a step-up keeps the one of the session it replaces (same user only).
 */
export async function startSession(db: AppDatabase, record: SessionRecord, replaces: string | undefined): Promise<void> {
  await db.query(
    `INSERT INTO intranet_sessions (sid, sub, created_at, last_seen_at, expires_at, id_token, idp_sid, email)
     VALUES ($1, $2, $3, $3, $4, $5, COALESCE($6, (SELECT idp_sid FROM intranet_sessions WHERE sid = $7 AND sub = $2)),
             COALESCE($8, (SELECT email FROM intranet_sessions WHERE sid = $7 AND sub = $2)))`,
    [
      record.sid,
      record.sub,
      record.createdAt,
      record.expiresAt,
      record.idToken ?? null,
      record.idpSid ?? null,
      replaces ?? null,
      record.email?.toLowerCase() ?? null,
    ],
  );
  if (replaces && replaces !== record.sid) await endSession(db, replaces, record.createdAt, "replaced");
}

/** Ends a session (sign-out, replacement); its cookie reads as signed out from now on. */
export async function endSession(db: AppDatabase, sid: string, now: number, reason: SessionEndReason): Promise<void> {
  await db.query("UPDATE intranet_sessions SET ended_at = $2, end_reason = $3 WHERE sid = $1 AND ended_at IS NULL", [sid, now, reason]);
}

/**
 * Ends every live session bound to the provider session `idpSid` (of `sub`, when given) or, with no `idpSid`, every
 * live session of `sub` (OIDC Back-Channel Logout §2.7). Returns the sessions it ended.
 */
export async function endSessionsAtProvider(
  db: AppDatabase,
  target: { readonly idpSid?: string; readonly sub?: string },
  now: number,
  reason: SessionEndReason = "backchannel_logout",
): Promise<{ sid: string; sub: string }[]> {
  if (target.idpSid === undefined && target.sub === undefined) return [];
  const { rows } = await db.query<{ sid: string; sub: string }>(
    `UPDATE intranet_sessions SET ended_at = $3, end_reason = $4
      WHERE ended_at IS NULL AND ($1::text IS NULL OR idp_sid = $1) AND ($2::text IS NULL OR sub = $2)
      RETURNING sid, sub`,
    [target.idpSid ?? null, target.sub ?? null, now, reason],
  );
  return rows;
}

/** The users whose live sessions were signed in with `email` (a CAEP subject in the email format). */
export async function subjectsWithEmail(db: AppDatabase, email: string): Promise<string[]> {
  const { rows } = await db.query<{ sub: string }>("SELECT DISTINCT sub FROM intranet_sessions WHERE email = $1 AND ended_at IS NULL", [email.toLowerCase()]);
  return rows.map((row) => row.sub);
}

/** What the inspector shows of a session record: the provider session, and how and when it ended. */
export interface SessionFacts {
  readonly sid: string;
  readonly idpSid?: string;
  readonly createdAt: number;
  readonly endedAt?: number;
  readonly endReason?: SessionEndReason;
}

/** The newest `limit` session records of `sub` (the current one among them). */
export async function sessionHistory(db: AppDatabase, sub: string, limit = 5): Promise<SessionFacts[]> {
  const { rows } = await db.query<{
    sid: string;
    idp_sid: string | null;
    created_at: number | string;
    ended_at: number | string | null;
    end_reason: string | null;
  }>("SELECT sid, idp_sid, created_at, ended_at, end_reason FROM intranet_sessions WHERE sub = $1 ORDER BY created_at DESC, sid LIMIT $2", [sub, limit]);
  return rows.map((row) => ({
    sid: row.sid,
    createdAt: Number(row.created_at),
    ...(row.idp_sid ? { idpSid: row.idp_sid } : {}),
    ...(row.ended_at !== null ? { endedAt: Number(row.ended_at) } : {}),
    ...(row.end_reason ? { endReason: row.end_reason as SessionEndReason } : {}),
  }));
}

/** The ID token session `sid` was started with, for `id_token_hint` at sign-out (OIDC RP-Initiated Logout §2). */
export async function sessionIdToken(db: AppDatabase, sid: string): Promise<string | undefined> {
  const { rows } = await db.query<{ id_token: string | null }>("SELECT id_token FROM intranet_sessions WHERE sid = $1", [sid]);
  return rows[0]?.id_token ?? undefined;
}

/**
 * True when `sid` belongs to `sub`, has not ended, is within its absolute lifetime and has been used within
 * `idleSeconds`. A read: the last-seen time moves (a conditional write) only when it is a granularity window old,
 * so an ordinary page view writes nothing (on PostgreSQL even an unchanged UPDATE is a new row version and WAL).
 */
export async function isSessionActive(db: AppDatabase, sid: string, sub: string, now: number, idleSeconds: number): Promise<boolean> {
  const { rows } = await db.query<{ last_seen_at: number | string }>(
    "SELECT last_seen_at FROM intranet_sessions WHERE sid = $1 AND sub = $2 AND ended_at IS NULL AND expires_at > $3 AND last_seen_at > $3 - $4",
    [sid, sub, now, idleSeconds],
  );
  const row = rows[0];
  if (!row) return false;
  if (Number(row.last_seen_at) > now - LAST_SEEN_GRANULARITY_SECONDS) return true;
  // Guarded like the read: a session ended between the two statements is not revived, and racing views write once.
  await db.query("UPDATE intranet_sessions SET last_seen_at = $2 WHERE sid = $1 AND ended_at IS NULL AND last_seen_at <= $2::bigint - $3::bigint", [
    sid,
    now,
    LAST_SEEN_GRANULARITY_SECONDS,
  ]);
  return true;
}
