import { ACR_MFA } from "@/common/step-up";
import type { FlashKind } from "@/lib/auth/flash";
import type { Session } from "@/lib/auth/session";
import { ClearFlash } from "./clear-flash";

const TITLES: Record<FlashKind, string> = {
  signed_in: "Signed in",
  stepped_up: "Step-up complete",
  transfer_token: "Transfer authorized",
};

/** The one-shot "what changed" notice after a round trip to the provider. Built from the session, not from the URL. */
export function StepUpNotice({ kind, session }: { kind: FlashKind; session: Session }) {
  const acr = session.acr === ACR_MFA ? "multi-factor" : (session.acr ?? "none");
  const amr = session.amr.join(", ") || "none";
  return (
    <section role="status" aria-labelledby="notice-heading" className="notice mb-6" data-testid="step-up-notice">
      <h2 id="notice-heading" className="font-semibold">
        {TITLES[kind]}
      </h2>
      <p className="mt-1 text-sm">
        {kind === "transfer_token" ? (
          <>
            The provider checked a second factor and issued a single-use token with the scope <code>transfer:funds</code>. It
            is good for one transfer in the next few minutes.
          </>
        ) : kind === "stepped_up" ? (
          <>
            The provider verified a second factor. Your session now records <code>acr</code> {acr} and <code>amr</code> [{amr}]
            from just now.
          </>
        ) : (
          <>
            Your session records <code>acr</code> {acr} and <code>amr</code> [{amr}]. Sensitive pages will ask for more.
          </>
        )}{" "}
        <a href="/inspector">Inspect your session</a>
      </p>
      <ClearFlash />
    </section>
  );
}
