import "server-only";
import { listAccounts, listPayees } from "@/lib/fabrikam/client";
import type { TransferField, TransferInput } from "./transfer-input";

/**
 * What the intranet can check itself before a second factor is spent on a transfer: money leaves one of the
 * user's own accounts and goes to an account the API lists (theirs or a payee). The API checks again; this only
 * spares the user a factor spent on a transfer that would be refused. Uses the everyday `read:accounts` token.
 */
export async function transferPartyErrors(readToken: string, input: Pick<TransferInput, "from" | "to">): Promise<Partial<Record<TransferField, string>>> {
  const [accounts, payees] = await Promise.all([listAccounts(readToken), listPayees(readToken)]);
  const own = new Set(accounts.map((a) => a.id));
  const reachable = new Set([...own, ...payees.map((p) => p.accountId)]);
  const errors: Partial<Record<TransferField, string>> = {};
  if (!own.has(input.from)) errors.from = "Choose one of your own accounts to send from.";
  if (!reachable.has(input.to)) errors.to = "Choose an account from the list to send to.";
  return errors;
}
