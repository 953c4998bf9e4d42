"use client";

import { useActionState } from "react";
import { cancelPendingTransfer, confirmPendingTransfer } from "./actions";
import type { TransferFormState } from "./form-state";

export interface PendingView {
  readonly from: string;
  readonly to: string;
  readonly amount: string;
  readonly memo?: string;
  readonly reason: string;
}

/** Shows the transfer kept across a step-up, for the user to confirm without retyping it. */
export function PendingConfirmation({ pending, bound }: { pending: PendingView; bound: boolean }) {
  const [state, confirm, busy] = useActionState<TransferFormState>(confirmPendingTransfer, {});
  return (
    <section className="card space-y-4" aria-labelledby="pending-heading">
      <h2 id="pending-heading" className="text-lg font-semibold">
        The transfer you submitted
      </h2>
      <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="approval-binding">
        {bound
          ? "Your second factor approved exactly this transfer: the token is good for this amount to this account, once."
          : "Your identity provider approves “a transfer”, not this amount and payee: the token is good for any one transfer."}
        {pending.reason ? ` Why you verified: ${pending.reason}` : null}
      </p>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1">
        <dt className="font-medium">From</dt>
        <dd>{pending.from}</dd>
        <dt className="font-medium">To</dt>
        <dd>{pending.to}</dd>
        <dt className="font-medium">Amount</dt>
        <dd data-testid="pending-amount">{pending.amount} USD</dd>
        {pending.memo ? (
          <>
            <dt className="font-medium">Memo</dt>
            <dd>{pending.memo}</dd>
          </>
        ) : null}
      </dl>
      <div aria-live="polite" role="status">
        {state.message ? <p className="rounded-lg bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100">{state.message}</p> : null}
      </div>
      <div className="flex gap-3">
        <form action={confirm}>
          <button type="submit" className="btn" disabled={busy}>
            {busy ? "Transferring…" : "Confirm transfer"}
          </button>
        </form>
        <form action={cancelPendingTransfer}>
          <button type="submit" className="btn-secondary">
            Cancel
          </button>
        </form>
      </div>
    </section>
  );
}
