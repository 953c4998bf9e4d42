import "server-only";
import { listAccounts, listPayees } from "@/lib/fabrikam/client";
import type { Account, Payee } from "@/lib/fabrikam/types";
import type { TransferField, TransferInput } from "./transfer-input";

/** How the intranet names an account of the user's own, and a payee's (a reference tells same-named ones apart). */
export const ownAccountLabel = (account: Pick<Account, "name" | "reference">) => `${account.name} · ref ${account.reference}`;
export const payeeLabel = (payee: Pick<Payee, "ownerName" | "ownerNameVerified" | "accountName" | "reference">) =>
  `${payee.ownerName}${payee.ownerNameVerified ? "" : " (name not verified)"} – ${payee.accountName} · ref ${payee.reference}`;

/** The parties of a transfer as the intranet checked them: errors per field, or how each side is named. */
export type TransferParties =
  | { readonly ok: false; readonly errors: Partial<Record<TransferField, string>> }
  | { readonly ok: true; readonly fromLabel: string; readonly toLabel: string };

/**
 * What the intranet can check itself before a second factor is spent on a transfer: money leaves one of the
 * user's own accounts and goes to an account the API lists (theirs or a payee). The API checks again; this only
 * spares the user a factor spent on a transfer that would be refused. Uses the everyday `read:accounts` token.
 */
export async function checkTransferParties(readToken: string, input: Pick<TransferInput, "from" | "to">): Promise<TransferParties> {
  const [accounts, payees] = await Promise.all([listAccounts(readToken), listPayees(readToken)]);
  const from = accounts.find((a) => a.id === input.from);
  const toOwn = accounts.find((a) => a.id === input.to);
  const toPayee = payees.find((p) => p.accountId === input.to);
  const toLabel = toOwn ? ownAccountLabel(toOwn) : toPayee ? payeeLabel(toPayee) : undefined;
  if (from && toLabel) return { ok: true, fromLabel: ownAccountLabel(from), toLabel };
  const errors: Partial<Record<TransferField, string>> = {};
  if (!from) errors.from = "Choose one of your own accounts to send from.";
  if (!toLabel) errors.to = "Choose an account from the list to send to.";
  return { ok: false, errors };
}
