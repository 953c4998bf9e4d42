import type { FlashKind } from "@/lib/auth/flash";
import type { Session } from "@/lib/auth/session";
import { AcrValue } from "./acr-value";
import { ClearFlash } from "./clear-flash";
import { RelativeTime } from "./relative-time";

const TITLES: Record<FlashKind, string> = {
  signed_in: "Signed in",
  stepped_up: "Step-up complete",
  transfer_token: "Transfer authorized",
  transfer_done: "Transfer completed",
};

const NOTICE_ID = "step-up-notice";

/** The one-shot "what changed" notice after a round trip to the provider or a transfer. Built from the session, not from the URL. */
export function StepUpNotice({ kind, session, clearFlash }: { kind: FlashKind; session: Session; clearFlash: string }) {
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
        ) : kind === "transfer_token" ? (
          <>
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
            The provider verified a second factor {when}. Your session now records <code>acr</code> <span className="break-all">{acr}</span> and{" "}
            <code>amr</code> [{amr}].
          </>
        ) : (
          <>
            Your session records <code>acr</code> <span className="break-all">{acr}</span> and <code>amr</code> [{amr}]. Sensitive pages will ask for more.
          </>
        )}{" "}
        <a href="/inspector">Inspect your session</a>
      </p>
      <ClearFlash clearScript={clearFlash} focusId={NOTICE_ID} />
    </section>
  );
}
