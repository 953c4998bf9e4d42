/**
 * The receipt of a completed transfer: what the "Transfer completed" notice on /accounts says (amount, accounts, memo,
 * when, the API's reference). The flash cookie holds only an enum, so the details travel in a sealed cookie of their
 * own, bound to the session and kept no longer than the flash.
 */
import { z } from "zod";
import { formatAmount } from "@/common/money";
import type { CookieSink, CookieSource } from "@/lib/auth/cookies";
import { appCookies } from "@/lib/auth/cookies";
import { FLASH_MAX_AGE } from "@/lib/auth/flash";
import { sessionBoundCookie } from "@/lib/auth/session-bound-cookie";
import { config } from "@/lib/config";
import type { CompletedTransfer } from "@/lib/fabrikam/types";
import { formatCents } from "@/lib/format-money";
import { formatInstant } from "@/lib/format-time";
import type { PendingTransfer } from "./pending-transfer";

const receiptSchema = z.object({
  /** Another session (after a sign-out, another sign-in) cannot read it. */
  sid: z.string().min(16),
  /** The API's id for the transfer: what support and the activity log know it by. */
  reference: z.string().max(200),
  amountCents: z.number().int().positive(),
  currency: z.string().max(10),
  fromLabel: z.string().max(300),
  toLabel: z.string().max(300),
  memo: z.string().max(500).nullable(),
  /** ISO 8601, as the API reported it. */
  completedAt: z.iso.datetime(),
});

export type TransferReceipt = z.infer<typeof receiptSchema>;

/** One line of the receipt, for a <dl>. */
export interface ReceiptLine {
  readonly term: "Amount" | "From" | "To" | "Memo" | "When" | "Reference";
  readonly detail: string;
}

const receiptCookie = () => appCookies(config().secureCookies).transferReceipt;

/** The receipt of `completed`, with the account names the user saw on the form. */
export function receiptOf(sid: string, pending: Pick<PendingTransfer, "fromLabel" | "toLabel">, completed: CompletedTransfer): TransferReceipt {
  return {
    sid,
    reference: completed.id,
    amountCents: completed.amountCents,
    currency: completed.currency,
    fromLabel: pending.fromLabel,
    toLabel: pending.toLabel,
    memo: completed.memo,
    completedAt: completed.createdAt.toISOString(),
  };
}

/** What the notice lists, in order; no memo line for a transfer without one. */
export function receiptLines(receipt: TransferReceipt): ReceiptLine[] {
  return [
    { term: "Amount", detail: `${formatCents(receipt.amountCents, receipt.currency)} (${formatAmount(receipt.amountCents)} ${receipt.currency})` },
    { term: "From", detail: receipt.fromLabel },
    { term: "To", detail: receipt.toLabel },
    ...(receipt.memo ? [{ term: "Memo" as const, detail: receipt.memo }] : []),
    { term: "When", detail: formatInstant(new Date(receipt.completedAt)) },
    { term: "Reference", detail: receipt.reference },
  ];
}

const sealed = sessionBoundCookie(receiptCookie, receiptSchema, FLASH_MAX_AGE);

/** Keeps the receipt for as long as the flash that announces it. */
export function saveTransferReceipt(to: CookieSink, receipt: TransferReceipt): Promise<void> {
  return sealed.save(to, receipt);
}

/** The receipt of session `sid`, if any; another session's, expired or tampered ones read as none. */
export function readTransferReceipt(from: CookieSource, sid: string): Promise<TransferReceipt | undefined> {
  return sealed.read(from, sid);
}
