"use client";

import { useActionState, useEffect, useRef } from "react";
import { MAX_MEMO_LENGTH } from "@/common/transfer-rules";
import { submitTransfer } from "./actions";
import type { TransferFormState } from "./form-state";

export interface AccountOption {
  readonly id: string;
  readonly label: string;
}

const FIELD_ERROR = "mt-1 text-sm text-red-700 dark:text-red-300";

/** The transfer form. Errors are tied to their fields (aria-describedby) and announced (aria-live). */
export function TransferForm({ from, to }: { from: readonly AccountOption[]; to: readonly AccountOption[] }) {
  const [state, action, pending] = useActionState<TransferFormState, FormData>(submitTransfer, {});
  // While a submission is under way the previous one's errors no longer describe what was sent: hide them.
  const errors = pending ? undefined : state.errors;
  const message = pending ? undefined : state.message;
  const error = (field: "from" | "to" | "amount" | "memo") =>
    errors?.[field] ? (
      <p id={`${field}-error`} className={FIELD_ERROR}>
        {errors[field]}
      </p>
    ) : null;
  const describedBy = (field: "from" | "to" | "amount" | "memo") => (errors?.[field] ? `${field}-error` : undefined);
  const form = useRef<HTMLFormElement>(null);
  // After a refused submission, put the keyboard on the first field to fix.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once per submission result, which is what `state` is
  useEffect(() => form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(), [state]);

  return (
    // React resets a form after its action, and a <select> resets to the default it was mounted with: remounting
    // with the submitted values as defaults keeps what the user chose.
    <form ref={form} key={JSON.stringify(state.values ?? {})} action={action} className="card space-y-4" noValidate>
      <div>
        <label htmlFor="from" className="font-medium">
          From
        </label>
        <select
          id="from"
          name="from"
          className="field"
          defaultValue={state.values?.from ?? from[0]?.id}
          aria-describedby={describedBy("from")}
          aria-invalid={Boolean(errors?.from)}
        >
          {from.map((o) => (
            <option key={o.id} value={o.id}>
              {o.label}
            </option>
          ))}
        </select>
        {error("from")}
      </div>
      <div>
        <label htmlFor="to" className="font-medium">
          To
        </label>
        <select
          id="to"
          name="to"
          className="field"
          defaultValue={state.values?.to ?? to.find((o) => o.id !== from[0]?.id)?.id}
          aria-describedby={describedBy("to")}
          aria-invalid={Boolean(errors?.to)}
        >
          {to.map((o) => (
            <option key={o.id} value={o.id}>
              {o.label}
            </option>
          ))}
        </select>
        {error("to")}
      </div>
      <div>
        <label htmlFor="amount" className="font-medium">
          Amount (USD)
        </label>
        <input
          id="amount"
          name="amount"
          inputMode="decimal"
          autoComplete="off"
          placeholder="125.00"
          className="field"
          defaultValue={state.values?.amount}
          aria-describedby={describedBy("amount")}
          aria-invalid={Boolean(errors?.amount)}
        />
        {error("amount")}
      </div>
      <div>
        <label htmlFor="memo" className="font-medium">
          Memo (optional)
        </label>
        <input
          id="memo"
          name="memo"
          maxLength={MAX_MEMO_LENGTH}
          className="field"
          defaultValue={state.values?.memo}
          aria-describedby={describedBy("memo")}
          aria-invalid={Boolean(errors?.memo)}
        />
        {error("memo")}
      </div>
      <div aria-live="polite" role="status">
        {message ? <p className="rounded-lg bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100">{message}</p> : null}
      </div>
      <button type="submit" className="btn" disabled={pending}>
        {pending ? "Transferring…" : "Transfer"}
      </button>
    </form>
  );
}
