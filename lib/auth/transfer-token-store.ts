import { sealData, unsealData } from "iron-session";
import type { AppDatabase } from "@/lib/db/database";

/**
 * The single-use transfer token itself, kept server-side by session id while the cookie carries only what the route
 * policy needs (expiry, binding, the transfer it approves). Two reasons: an approved transfer token (RFC 9396
 * details, DPoP binding) no longer fits the 4 KB cookie beside the everyday token, and taking it from the database
 * is atomic, so two confirmations racing, or an old copy of the cookie, cannot present it twice. Sealed with the
 * session secret, which the database never holds: a database shared with the API does not hand out tokens.
 */

/** Keeps `value` for session `sid` until `expiresAt` (epoch seconds). */
export async function keepTransferToken(db: AppDatabase, sid: string, value: string, expiresAt: number, secret: string): Promise<void> {
  const sealed = await sealData({ value }, { password: secret, ttl: 0 });
  await db.query(
    `INSERT INTO intranet_transfer_tokens (sid, sealed, expires_at) VALUES ($1, $2, $3)
     ON CONFLICT (sid) DO UPDATE SET sealed = EXCLUDED.sealed, expires_at = EXCLUDED.expires_at`,
    [sid, sealed, expiresAt],
  );
}

async function open(sealed: string | undefined, secret: string): Promise<string | undefined> {
  if (!sealed) return undefined;
  try {
    const data = (await unsealData(sealed, { password: secret, ttl: 0 })) as { value?: unknown };
    return typeof data.value === "string" ? data.value : undefined;
  } catch {
    return undefined;
  }
}

/** Takes the token of session `sid` out of the store, once: a second take, or a take after expiry, gets nothing. */
export async function takeTransferToken(db: AppDatabase, sid: string, now: number, secret: string): Promise<string | undefined> {
  const { rows } = await db.query<{ sealed: string; expires_at: number | string }>(
    "DELETE FROM intranet_transfer_tokens WHERE sid = $1 RETURNING sealed, expires_at",
    [sid],
  );
  const row = rows[0];
  return row && Number(row.expires_at) > now ? open(row.sealed, secret) : undefined;
}

/** The token of session `sid`, left in place (for the inspector to decode its claims). */
export async function peekTransferToken(db: AppDatabase, sid: string, now: number, secret: string): Promise<string | undefined> {
  const { rows } = await db.query<{ sealed: string }>("SELECT sealed FROM intranet_transfer_tokens WHERE sid = $1 AND expires_at > $2", [sid, now]);
  return open(rows[0]?.sealed, secret);
}
