/**
 * The sentence every second-factor page shows for a transfer (dynamic linking, PSD2-style): the amount and both
 * accounts exactly as the authorization details name them, with the owners' names from the Accounts API's directory
 * when it knows them. Plain text: the views escape it.
 */
import type { TransferDetails } from "../common/authorization-details";
import { formatAmount, parseAmount } from "../common/money";
import type { DirectoryEntry, DirectoryLookup } from "./directory-client";

const UNVERIFIED = " (name given by the account holder, not verified)";

// The request carries ids only; a name appears only when the directory gave it.
const unknown = (id: string) => `account ${id} (name not found in the Fabrikam directory)`;

function source(id: string, entry: DirectoryEntry | undefined): string {
  if (!entry) return unknown(id);
  return `${entry.ownerName}'s ${entry.name} (${id})${entry.ownerNameVerified ? "" : UNVERIFIED}`;
}

function destination(id: string, entry: DirectoryEntry | undefined): string {
  if (!entry) return unknown(id);
  return `${entry.ownerName} (${entry.name}, ${id})${entry.ownerNameVerified ? "" : UNVERIFIED}`;
}

/** "$3.21", from the details' decimal string. */
export function dollars(amount: string): string {
  const parsed = parseAmount(amount);
  return parsed.ok ? `$${formatAmount(parsed.cents)}` : `${amount} (not an amount)`;
}

/** "Send $3.21 from Alice Smith's Everyday checking (acc_…) to Bob Jones (Checking, acc_…)". */
export function describeTransfer(transfer: TransferDetails, from: DirectoryEntry | undefined, to: DirectoryEntry | undefined): string {
  return `Send ${dollars(transfer.amount)} from ${source(transfer.from, from)} to ${destination(transfer.to, to)}`;
}

/** The sentence for `transfer`, with both accounts looked up at once. */
export async function approvalText(transfer: TransferDetails, lookup: DirectoryLookup): Promise<string> {
  const [from, to] = await Promise.all([lookup(transfer.from), lookup(transfer.to)]);
  return describeTransfer(transfer, from, to);
}
