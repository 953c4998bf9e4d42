import { z } from "zod";
import { appCookies, type CookieSink, type CookieSource } from "@/lib/auth/cookies";
import { sessionBoundCookie } from "@/lib/auth/session-bound-cookie";
import { config } from "@/lib/config";
import { approvalDigestOf } from "./transfer-approval";

/** A transfer the user asked for that waits for a step-up; kept sealed so they never retype it. */
const pendingSchema = z.object({
  /** Bound to one session: sign-out or another sign-in leaves it unreadable; a step-up carries it over. */
  sid: z.string().min(16),
  from: z.string(),
  to: z.string(),
  amount: z.string(),
  memo: z.string().optional(),
  /** How the form named the accounts (from the API's lists at submit time): shown on confirmation, never re-read. */
  fromLabel: z.string().max(300),
  toLabel: z.string().max(300),
  /** Reused on confirmation, so a retry after a lost answer cannot move the money twice. */
  idempotencyKey: z.string().uuid(),
  /** Why it is pending, shown to the user. */
  reason: z.string().max(300),
});

export type PendingTransfer = z.infer<typeof pendingSchema>;

/** Ten minutes to finish the step-up and confirm. */
export const PENDING_TRANSFER_TTL_SECONDS = 600;

const cookie = () => appCookies(config().secureCookies).pendingTransfer;
const sealed = sessionBoundCookie(cookie, pendingSchema, PENDING_TRANSFER_TTL_SECONDS);

/** Keeps a pending transfer for ten minutes. */
export function savePendingTransfer(to: CookieSink, pending: PendingTransfer): Promise<void> {
  return sealed.save(to, pending);
}

/** The pending transfer of session `sid`, if any; another session's, expired or tampered ones read as none. */
export function readPendingTransfer(from: CookieSource, sid: string): Promise<PendingTransfer | undefined> {
  return sealed.read(from, sid);
}

/** A step-up replaces the session id: the transfer it was started for follows to the new session, and only then. */
export async function carryPendingTransfer(from: CookieSource, to: CookieSink, previousSid: string, nextSid: string): Promise<void> {
  const pending = await readPendingTransfer(from, previousSid);
  if (pending) await savePendingTransfer(to, { ...pending, sid: nextSid });
}

/** Forgets the pending transfer. */
export function clearPendingTransfer(to: CookieSink): void {
  cookie().clear(to);
}

/** The name of the transfer waiting in session `sid` (transfer-approval.ts), for the confirmation page's policy. */
export async function pendingApproval(from: CookieSource, sid: string | undefined): Promise<string | undefined> {
  const pending = sid ? await readPendingTransfer(from, sid) : undefined;
  return pending && approvalDigestOf(pending);
}
