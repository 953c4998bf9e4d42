import type { Metadata } from "next";
import { requirePolicy } from "@/lib/auth/dal";
import { listAccounts, listLedgerEntries } from "@/lib/fabrikam/client";
import { unlessApiUnavailable } from "@/lib/fabrikam/unless-unavailable";
import { formatCents } from "@/lib/format-money";
import { formatDay, formatInstant } from "@/lib/format-time";
import { ApiUnavailableNotice } from "../components/api-unavailable";

export const metadata: Metadata = { title: "Accounts" };

export default async function AccountsPage() {
  const session = await requirePolicy("/accounts");
  const token = session.accessToken?.value ?? "";
  const loaded = await unlessApiUnavailable(async () => {
    const accounts = await listAccounts(token);
    return { accounts, history: await Promise.all(accounts.map((a) => listLedgerEntries(token, a.id))) };
  });
  if (!loaded) {
    return (
      <div>
        <h1 className="text-2xl font-bold">Your accounts</h1>
        <ApiUnavailableNotice />
      </div>
    );
  }
  const { accounts, history } = loaded;

  return (
    <div>
      <h1 className="text-2xl font-bold">Your accounts</h1>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        Read from the Fabrikam Accounts API with your everyday <code>read:accounts</code> token.
      </p>
      <div className="mt-6 grid gap-4 md:grid-cols-2">
        {accounts.map((account, index) => (
          <section key={account.id} className="card" aria-labelledby={`${account.id}-heading`}>
            <h2 id={`${account.id}-heading`} className="font-semibold">
              {account.name}
            </h2>
            <p className="text-xs text-slate-600 dark:text-slate-300">
              {account.id} · ref <span data-testid={`reference-${account.id}`}>{account.reference}</span> (what people paying you see)
            </p>
            <p className="mt-2 text-2xl font-bold" data-testid={`balance-${account.id}`}>
              {formatCents(account.balanceCents, account.currency)}
            </p>
            <h3 className="mt-4 text-sm font-medium">Recent transactions</h3>
            <ul className="mt-1 divide-y divide-slate-100 text-sm dark:divide-slate-800">
              {(history[index] ?? []).slice(0, 5).map((t) => (
                <li key={t.id} className="flex items-baseline gap-2 py-1">
                  <time
                    dateTime={t.createdAt.toISOString()}
                    title={formatInstant(t.createdAt)}
                    className="w-14 shrink-0 text-xs text-slate-600 dark:text-slate-300"
                  >
                    {formatDay(t.createdAt)}
                  </time>
                  <span className="min-w-0 flex-1 break-words">{t.memo ?? t.counterparty}</span>
                  <span className={`shrink-0 ${t.amountCents < 0 ? "text-red-700 dark:text-red-300" : "text-emerald-700 dark:text-emerald-300"}`}>
                    {formatCents(t.amountCents, account.currency)}
                  </span>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
      <p className="mt-6">
        <a className="btn" href="/transfer">
          Make a transfer
        </a>
      </p>
    </div>
  );
}
