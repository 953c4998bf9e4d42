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
