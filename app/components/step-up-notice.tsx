import type { FlashKind } from "@/lib/auth/flash";
import type { Session } from "@/lib/auth/session";
import { receiptLines, type TransferReceipt } from "@/lib/transfers/transfer-receipt";
import { AcrValue } from "./acr-value";
import { ClearFlash } from "./clear-flash";
import { RelativeTime } from "./relative-time";

const TITLES: Record<FlashKind, string> = {
  signed_in: "Signed in",
  stepped_up: "Step-up complete",
  transfer_token: "Transfer authorized",
  transfer_done: "Transfer completed",
  transfer_refused_funds: "Transfer refused",
  transfer_refused_details: "Transfer refused",
  transfer_refused: "Transfer refused",
};

/** The transfer a second factor just approved, as the pending transfer names it. */
export interface ApprovedTransfer {
  readonly amount: string;
  readonly toLabel: string;
  /** The approval names this exact transfer (RFC 9396); false where the provider can only approve "a transfer". */
  readonly bound: boolean;
}

const NOTICE_ID = "step-up-notice";

/** The one-shot "what changed" notice after a round trip to the provider or a transfer. Built from the session, not from the URL. */
export function StepUpNotice({
  kind,
  session,
  clearFlash,
  approved,
  receipt,
}: {
  kind: FlashKind;
  session: Session;
  clearFlash: string;
  approved?: ApprovedTransfer;
  /** The completed transfer, for "transfer_done" (none when its cookie expired or belongs to another session). */
  receipt?: TransferReceipt;
}) {
  const acr = session.acr ? <AcrValue acr={session.acr} /> : "none";
  const amr = session.amr.join(", ") || "none";
  const when = session.authTime ? <RelativeTime epochSeconds={session.authTime} /> : "at an unknown time";
  return (
    // Focused once shown (tabIndex -1), as a confirmation after a redirect should be: a live region would stay silent.
    <section id={NOTICE_ID} tabIndex={-1} aria-labelledby="notice-heading" className="notice mb-6 focus:outline-none" data-testid="step-up-notice">
      <h2 id="notice-heading" className="font-semibold">
        {TITLES[kind]}
      </h2>
      <p className="mt-1 text-sm">
        {kind === "transfer_done" ? (
          <>The money moved, and its single-use token is spent: the next transfer asks for a new second factor.</>
        ) : kind === "transfer_refused_funds" ? (
          <>The Accounts API refused the transfer: the account does not hold enough money. Nothing was sent; its token is spent.</>
        ) : kind === "transfer_refused_details" ? (
          <>The Accounts API refused the transfer: it is not the one your second factor approved. Nothing was sent.</>
        ) : kind === "transfer_refused" ? (
          <>The Accounts API refused the transfer. Nothing was sent; your activity page records why.</>
        ) : kind === "transfer_token" ? (
          <>
            {approved ? (
              <>
                You approved:{" "}
                <strong data-testid="approved-transfer">
                  {approved.amount} USD to {approved.toLabel}
                </strong>
                {approved.bound
                  ? " — the token is good for exactly this transfer. "
                  : " — your provider cannot bind the approval to the amount, so the token is good for any one transfer. "}
              </>
            ) : null}
            The provider checked a second factor {when} and issued a single-use token with the scope <code>transfer:funds</code>. It is good for one transfer
            {session.transferToken ? (
              <>
                {" "}
                until it expires <RelativeTime epochSeconds={session.transferToken.expiresAt} />
              </>
            ) : null}
            .
          </>
        ) : kind === "stepped_up" ? (
          <>
            The provider verified a second factor {when}. Your session now records <code>acr</code> <span className="[overflow-wrap:anywhere]">{acr}</span> and{" "}
            <code>amr</code> [{amr}].
          </>
        ) : (
          <>
            Your session records <code>acr</code> <span className="[overflow-wrap:anywhere]">{acr}</span> and <code>amr</code> [{amr}]. Sensitive pages will ask
            for more.
          </>
        )}{" "}
        <a href="/inspector">Inspect your session</a>
      </p>
      {kind === "transfer_done" && receipt ? (
        <dl className="mt-3 grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-1 text-sm" data-testid="transfer-receipt">
          {receiptLines(receipt).map((line) => (
            <div key={line.term} className="contents">
              <dt className="font-medium">{line.term}</dt>
              <dd
                className={line.term === "Reference" ? "font-mono [overflow-wrap:anywhere]" : "break-words"}
                data-testid={`receipt-${line.term.toLowerCase()}`}
              >
                {line.detail}
              </dd>
            </div>
          ))}
        </dl>
      ) : null}
      <ClearFlash clearScript={clearFlash} focusId={NOTICE_ID} />
    </section>
  );
}
