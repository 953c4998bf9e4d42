import { config } from "@/lib/config";
import { type SignedOutKind, signedOutSentence } from "@/lib/sign-out/signed-out-notice";
import { ClearFlash } from "./clear-flash";

const NOTICE_ID = "signed-out-notice";

/** The one-shot "you are signed out" notice on the page a sign-out lands on (the home page). */
export function SignedOutNotice({ kind, clearFlash }: { kind: SignedOutKind; clearFlash: string }) {
  return (
    // Focused once shown, like the other one-shot notices: the redirect back from the provider is a new page load.
    <section id={NOTICE_ID} tabIndex={-1} aria-labelledby="signed-out-heading" className="notice focus:outline-none" data-testid="signed-out-notice">
      <h2 id="signed-out-heading" className="font-semibold">
        Signed out
      </h2>
      <p className="mt-1 text-sm">{signedOutSentence(kind, config().providerName)}</p>
      <ClearFlash clearScript={clearFlash} focusId={NOTICE_ID} />
    </section>
  );
}
