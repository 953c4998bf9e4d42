import type { Metadata } from "next";
import { cookies } from "next/headers";
import { requirePolicy } from "@/lib/auth/dal";
import { listAccounts, listPayees } from "@/lib/fabrikam/client";
import { unlessApiUnavailable } from "@/lib/fabrikam/unless-unavailable";
import { formatCents } from "@/lib/format-money";
import { readPendingTransfer } from "@/lib/transfers/pending-transfer";
import { ApiUnavailableNotice } from "../components/api-unavailable";
import { PendingConfirmation } from "./pending-confirmation";
import { type AccountOption, TransferForm } from "./transfer-form";

export const metadata: Metadata = { title: "Transfer funds" };

export default async function TransferPage() {
  // Viewing the form needs the everyday read token; spending needs a single-use transfer token, which the action
  // checks (TRANSFER_SPENDING) and asks for on submit, keeping the transfer for confirmation afterwards.
  const session = await requirePolicy("/transfer");
  const token = session.accessToken?.value ?? "";
  const [loaded, pending] = await Promise.all([
    unlessApiUnavailable(() => Promise.all([listAccounts(token), listPayees(token)])),
    readPendingTransfer(await cookies(), session.sid),
  ]);
  if (!loaded) {
    return (
      <div className="max-w-xl">
        <h1 className="text-2xl font-bold">Transfer funds</h1>
        <ApiUnavailableNotice>
          {pending ? <p className="mt-2">Your transfer of {pending.amount} USD is kept: confirm it here once the API is back.</p> : null}
        </ApiUnavailableNotice>
      </div>
    );
  }
  const [accounts, payees] = loaded;
  const own: AccountOption[] = accounts.map((a) => ({ id: a.id, label: `${a.name} · ref ${a.reference} (${formatCents(a.balanceCents, a.currency)})` }));
  // A display name can be anyone's choice: the reference tells two same-named people apart, and an unverified name says so.
  const others: AccountOption[] = payees.map((p) => ({
    id: p.accountId,
    label: `${p.ownerName}${p.ownerNameVerified ? "" : " (name not verified)"} – ${p.accountName} · ref ${p.reference}`,
  }));
  const label = (id: string) => [...own, ...others].find((o) => o.id === id)?.label ?? id;

  return (
    <div className="max-w-xl">
      <h1 className="text-2xl font-bold">Transfer funds</h1>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        A transfer uses a single-use access token with the <code>transfer:funds</code> scope, obtained with a fresh second factor. Each transfer needs a new
        one.
      </p>
      <div className="mt-6">
        {pending ? (
          // Only what the confirmation shows goes to the browser: not the sub, not the idempotency key.
          <PendingConfirmation
            pending={{ from: label(pending.from), to: label(pending.to), amount: pending.amount, memo: pending.memo, reason: pending.reason }}
          />
        ) : (
          <TransferForm from={own} to={[...own, ...others]} />
        )}
      </div>
    </div>
  );
}
