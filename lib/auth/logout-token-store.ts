import type { AppDatabase } from "@/lib/db/database";

/** Whom a logout token signed out at the provider: its session (`sid`), or all of a user's sessions (`sub` alone). */
export interface LogoutTarget {
  readonly idpSid?: string;
  readonly sub?: string;
}

/**
 * Spends a logout token's `jti` (OIDC Back-Channel Logout §2.6 step 8): true the first time, false for a replay.
 * The insert is the check, so two deliveries racing each other cannot both win. `keepUntil` (epoch seconds) is
 * when the token could no longer be accepted anyway; ids past it are pruned on the way. Whom it signed out is kept
 * with it, for `providerSessionEnded`.
 */
export async function spendLogoutTokenId(db: AppDatabase, jti: string, keepUntil: number, now: number, target: LogoutTarget = {}): Promise<boolean> {
  await db.query("DELETE FROM intranet_logout_tokens WHERE expires_at <= $1", [now]);
  const { rows } = await db.query(
    "INSERT INTO intranet_logout_tokens (jti, expires_at, idp_sid, sub, received_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (jti) DO NOTHING RETURNING jti",
    [jti, keepUntil, target.idpSid ?? null, target.sub ?? null, now],
  );
  return rows.length === 1;
}

/**
 * True when the provider said, by a logout token received at or after `since`, that the provider session `idpSid`
 * ended, or (a token naming no session) every session of `sub`. The only way the intranet can know a sign-out at
 * the provider happened: RP-Initiated Logout's redirect back says nothing of the outcome.
 */
export async function providerSessionEnded(db: AppDatabase, session: { idpSid?: string; sub: string }, since: number): Promise<boolean> {
  const { rows } = await db.query(
    `SELECT 1 FROM intranet_logout_tokens
      WHERE received_at >= $3 AND ((idp_sid IS NOT NULL AND idp_sid = $1) OR (idp_sid IS NULL AND sub = $2))
      LIMIT 1`,
    [session.idpSid ?? null, session.sub, since],
  );
  return rows.length > 0;
}
