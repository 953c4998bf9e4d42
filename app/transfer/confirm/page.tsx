import type { Metadata } from "next";
import { cookies } from "next/headers";
import { requirePolicy } from "@/lib/auth/dal";
import { config } from "@/lib/config";
import { readPendingTransfer } from "@/lib/transfers/pending-transfer";
import { PendingConfirmation } from "../pending-confirmation";

export const metadata: Metadata = { title: "Confirm your transfer" };

export default async function ConfirmTransferPage() {
  // Behind the gate: a transfer token whose second factor approved this exact transfer (RFC 9396), where the
  // provider can. Checked again here and by the action; the API holds the token to the transfer it names.
  const session = await requirePolicy("/transfer/confirm");
  const pending = await readPendingTransfer(await cookies(), session.sid);
  return (
    <div className="max-w-xl">
      <h1 className="text-2xl font-bold">Confirm your transfer</h1>
      <div className="mt-6">
        {pending ? (
          // Only what the confirmation shows goes to the browser: not the sub, not the idempotency key.
          <PendingConfirmation
            pending={{ from: pending.fromLabel, to: pending.toLabel, amount: pending.amount, memo: pending.memo, reason: pending.reason }}
            bound={config().profile.rar}
          />
        ) : (
          <p className="card">
            No transfer is waiting for confirmation (they are kept for ten minutes). <a href="/transfer">Fill in the form again</a>.
          </p>
        )}
      </div>
    </div>
  );
}
