/**
 * What the home page says after a sign-out: which sessions ended. The intranet knows its own session ended; it knows
 * the provider's ended only when the provider said so, by a back-channel logout token for that session received
 * since (lib/sign-out/provider-sign-out.ts). RP-Initiated Logout's redirect back says nothing of the outcome: with an
 * ID token hint a provider usually signs out unasked, but it may ask (the dev IdP does when the hint is not of its
 * current session, idp/logout-intent.ts), and the person may choose "Stay signed in".
 */

/** How the sign-out route left things, carried by the one-shot flash cookie like the other notices: an enum. */
export type SignOutAttempt = "signed_out_here_hinted" | "signed_out_here_asked" | "signed_out_here_unreachable";

/** What the notice says: an attempt, or `signed_out_everywhere` once the provider confirmed its session ended. */
export type SignedOutKind = SignOutAttempt | "signed_out_everywhere";

// Never "signed_out_everywhere": the flash is readable and writable by the page's script, so only the provider's
// signed word (looked up on the server) can make the notice claim the provider's session ended.
const ATTEMPTS: ReadonlySet<string> = new Set<SignOutAttempt>(["signed_out_here_hinted", "signed_out_here_asked", "signed_out_here_unreachable"]);

/** How the sign-out route reached the provider: with an ID token hint, without one, or not at all. */
export function signOutAttempt(reached: { provider: boolean; idTokenHint: boolean }): SignOutAttempt {
  if (!reached.provider) return "signed_out_here_unreachable";
  return reached.idTokenHint ? "signed_out_here_hinted" : "signed_out_here_asked";
}

/** Reads the flash cookie's value; anything but a sign-out attempt is ignored (it may be another notice's). */
export function parseSignOutAttempt(value: string | undefined): SignOutAttempt | undefined {
  return value !== undefined && ATTEMPTS.has(value) ? (value as SignOutAttempt) : undefined;
}

/** The notice's kind: the provider's confirmation turns any attempt that reached it into "everywhere". */
export function signedOutKind(attempt: SignOutAttempt, providerConfirmed: boolean): SignedOutKind {
  return providerConfirmed && attempt !== "signed_out_here_unreachable" ? "signed_out_everywhere" : attempt;
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * The notice's sentence, naming the provider as `providerName` (config: OIDC_PROVIDER_NAME). It claims the provider's
 * session ended only when the provider confirmed it did.
 */
export function signedOutSentence(kind: SignedOutKind, providerName: string): string {
  const provider = capitalised(providerName);
  switch (kind) {
    case "signed_out_everywhere":
      return `You are signed out of the intranet and of ${providerName}. Signing in again asks for your password.`;
    case "signed_out_here_hinted":
      return `You are signed out of the intranet. ${provider} was asked to end its session too but has not confirmed it: if it asked you and you chose "Stay signed in", you are still signed in there.`;
    case "signed_out_here_asked":
      return `You are signed out of the intranet. ${provider} asked whether to sign you out there too: if you chose "Stay signed in", you are still signed in there.`;
    case "signed_out_here_unreachable":
      return `You are signed out of the intranet. ${provider} could not be reached, so you may still be signed in there.`;
  }
}
