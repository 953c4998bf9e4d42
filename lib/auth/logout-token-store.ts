import type { AppDatabase } from "@/lib/db/database";

/**
 * Spends a logout token's `jti` (OIDC Back-Channel Logout §2.6 step 8): true the first time, false for a replay.
 * The insert is the check, so two deliveries racing each other cannot both win. `keepUntil` (epoch seconds) is
 * when the token could no longer be accepted anyway; ids past it are pruned on the way.
 */
export async function spendLogoutTokenId(db: AppDatabase, jti: string, keepUntil: number, now: number): Promise<boolean> {
  await db.query("DELETE FROM intranet_logout_tokens WHERE expires_at <= $1", [now]);
  const { rows } = await db.query("INSERT INTO intranet_logout_tokens (jti, expires_at) VALUES ($1, $2) ON CONFLICT (jti) DO NOTHING RETURNING jti", [
    jti,
    keepUntil,
  ]);
  return rows.length === 1;
}

/**
 * Gives a spent id back when the receiver could not act on its token (the database failed half-way): the provider's
 * next attempt with the same token is then acted on instead of refused as a replay.
 */
export async function releaseLogoutTokenId(db: AppDatabase, jti: string): Promise<void> {
  await db.query("DELETE FROM intranet_logout_tokens WHERE jti = $1", [jti]);
}
