/**
 * RFC 9396 authorization details for one transfer: what the intranet asks the provider to approve, what the
 * provider shows and puts in the access token, and what the Accounts API compares each transfer with. Written once
 * so the three parties agree on every member and on what "the same transfer" means.
 */
import { z } from "zod";
import { CURRENCY, formatAmount, parseAmount } from "./money";
import { accountIdProblem, isSameAccount } from "./transfer-rules";

/** The authorization details type of a funds transfer (ARCHITECTURE contract). */
export const TRANSFER_DETAILS_TYPE = "fabrikam_transfer";

/** One approved transfer: from and to are account ids, amount the API's decimal string ("3.21"), currency "USD". */
export interface TransferDetails {
  readonly type: typeof TRANSFER_DETAILS_TYPE;
  readonly from: string;
  readonly to: string;
  readonly amount: string;
  readonly currency: typeof CURRENCY;
}

const accountId = z.string().refine((id) => accountIdProblem(id) === undefined, "must be an account id");

/** One `fabrikam_transfer` entry: exactly these members, each meeting the transfer rules (no extra members). */
export const transferDetailsSchema = z
  .object({
    type: z.literal(TRANSFER_DETAILS_TYPE),
    from: accountId,
    to: accountId,
    amount: z.string().refine((amount) => parseAmount(amount).ok, 'must be a positive decimal such as "3.21"'),
    currency: z.literal(CURRENCY),
  })
  .strict()
  .refine((details) => !isSameAccount(details.from, details.to), { path: ["to"], message: "must differ from from" });

/** The details the intranet sends for a transfer, with the amount in its canonical form ("3.2" becomes "3.20"). */
export function transferDetails(transfer: { from: string; to: string; amount: string }): TransferDetails {
  const amount = parseAmount(transfer.amount);
  if (!amount.ok) throw new RangeError(`not an amount: ${transfer.amount}`);
  return { type: TRANSFER_DETAILS_TYPE, from: transfer.from, to: transfer.to, amount: formatAmount(amount.cents), currency: CURRENCY };
}

/**
 * The one transfer an `authorization_details` value approves: exactly one `fabrikam_transfer` entry that meets the
 * rules. Anything else (not an array, no such entry, two of them, a malformed one) approves nothing.
 */
export function approvedTransfer(authorizationDetails: unknown): TransferDetails | undefined {
  if (!Array.isArray(authorizationDetails)) return undefined;
  const transfers = authorizationDetails.filter(
    (entry) => typeof entry === "object" && entry !== null && (entry as { type?: unknown }).type === TRANSFER_DETAILS_TYPE,
  );
  if (transfers.length !== 1) return undefined;
  const parsed = transferDetailsSchema.safeParse(transfers[0]);
  return parsed.success ? (parsed.data as TransferDetails) : undefined;
}

/** A member of a transfer that can differ from what was approved. */
export type TransferMember = "from" | "to" | "amount" | "currency";

/**
 * The members in which `transfer` differs from `approved` (empty when it is exactly the approved transfer).
 * Amounts compare as cents, so "3.2" and "3.20" are the same amount and "3.21" and "321.00" are not.
 */
export function differingMembers(approved: TransferDetails, transfer: { from: string; to: string; amountCents: number; currency: string }): TransferMember[] {
  const approvedAmount = parseAmount(approved.amount);
  const differing: TransferMember[] = [];
  if (approved.from !== transfer.from) differing.push("from");
  if (approved.to !== transfer.to) differing.push("to");
  if (!approvedAmount.ok || approvedAmount.cents !== transfer.amountCents) differing.push("amount");
  if (approved.currency !== transfer.currency) differing.push("currency");
  return differing;
}
