import "server-only";
import { sealData, unsealData } from "iron-session";
import { cookies } from "next/headers";
import { z } from "zod";
import { config } from "@/lib/config";

/** A transfer the user asked for that waits for a step-up; kept sealed so they never retype it. */
const pendingSchema = z.object({
  /** Bound to the user: a pending transfer is only ever shown to the person who typed it. */
  sub: z.string(),
  from: z.string(),
  to: z.string(),
  amount: z.string(),
  memo: z.string().optional(),
  /** Reused on confirmation, so a retry after a lost answer cannot move the money twice. */
  idempotencyKey: z.string().uuid(),
  /** Why it is pending, shown to the user. */
  reason: z.string().max(300),
});

export type PendingTransfer = z.infer<typeof pendingSchema>;

const COOKIE = "fabrikam_pending_transfer";
const TTL_SECONDS = 600;

/** Keeps a pending transfer for ten minutes. */
export async function savePendingTransfer(pending: PendingTransfer): Promise<void> {
  const sealed = await sealData(pendingSchema.parse(pending), { password: config().SESSION_SECRET, ttl: TTL_SECONDS });
  (await cookies()).set(COOKIE, sealed, { httpOnly: true, sameSite: "lax", secure: config().secureCookies, path: "/", maxAge: TTL_SECONDS });
}

/** The pending transfer of user `sub`, if any; another user's, expired or tampered ones read as none. */
export async function readPendingTransfer(sub: string): Promise<PendingTransfer | undefined> {
  const sealed = (await cookies()).get(COOKIE)?.value;
  if (!sealed) return undefined;
  try {
    const parsed = pendingSchema.safeParse(await unsealData(sealed, { password: config().SESSION_SECRET, ttl: TTL_SECONDS }));
    return parsed.success && parsed.data.sub === sub ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Forgets the pending transfer. */
export async function clearPendingTransfer(): Promise<void> {
  (await cookies()).set(COOKIE, "", { path: "/", maxAge: 0 });
}
