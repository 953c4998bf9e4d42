import type { Metadata } from "next";
import { cookies } from "next/headers";
import { requirePolicy } from "@/lib/auth/dal";
import { listAccounts, listPayees } from "@/lib/fabrikam/client";
import { unlessApiUnavailable } from "@/lib/fabrikam/unless-unavailable";
import { formatCents } from "@/lib/format-money";
import { readPendingTransfer } from "@/lib/transfers/pending-transfer";
import { ownAccountLabel, payeeLabel } from "@/lib/transfers/transfer-parties";
import { ApiUnavailableNotice } from "../../components/api-unavailable";
import { cancelPendingTransfer } from "../actions";
import { type AccountOption, TransferForm } from "../transfer-form";

export const metadata: Metadata = { title: "Transfer funds" };

export default async function TransferPage() {
  // Filling in the form needs the everyday read token. The second factor comes on the confirmation page, which asks
  // the provider to approve the exact transfer submitted here.
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
          {pending ? <p className="mt-2">Your transfer of {pending.amount} USD is kept: confirm it once the API is back.</p> : null}
        </ApiUnavailableNotice>
      </div>
    );
  }
  const [accounts, payees] = loaded;
  const own: AccountOption[] = accounts.map((a) => ({ id: a.id, label: `${ownAccountLabel(a)} (${formatCents(a.balanceCents, a.currency)})` }));
  // A display name can be anyone's choice: the reference tells two same-named people apart, and an unverified name says so.
  const others: AccountOption[] = payees.map((p) => ({ id: p.accountId, label: payeeLabel(p) }));

  return (
    <div className="max-w-xl">
      <h1 className="text-2xl font-bold">Transfer funds</h1>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        After you submit, your identity provider asks for a second factor to approve this exact transfer, and a single-use access token with the{" "}
        <code>transfer:funds</code> scope carries that approval to the Accounts API. Each transfer needs a new one.
      </p>
      {pending ? (
        <section className="notice mt-6" aria-labelledby="waiting-heading" data-testid="waiting-transfer">
          <h2 id="waiting-heading" className="font-semibold">
            A transfer is waiting for your approval
          </h2>
          <p className="mt-1 text-sm">
            {pending.amount} USD to {pending.toLabel}. <a href="/transfer/confirm">Approve and confirm it</a>, or submit a new one below to replace it.
          </p>
          <form action={cancelPendingTransfer} className="mt-2">
            <button type="submit" className="btn-secondary">
              Discard it
            </button>
          </form>
        </section>
      ) : null}
      <div className="mt-6">
        <TransferForm from={own} to={[...own, ...others]} />
      </div>
    </div>
  );
}
