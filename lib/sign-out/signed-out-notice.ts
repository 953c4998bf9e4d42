/**
 * What the home page says after a sign-out: which sessions ended. The intranet knows its own session ended; it knows
 * the provider's ended only when it sent an ID token of that session (the dev IdP then signs out without asking, see
 * idp/logout-intent.ts). Without one the provider asks, and the person may choose "Stay signed in".
 */

/** Carried by the one-shot flash cookie, like the other notices: an enum, never free text. */
export type SignedOutKind = "signed_out_everywhere" | "signed_out_here_asked" | "signed_out_here_unreachable";

const KINDS: ReadonlySet<string> = new Set<SignedOutKind>(["signed_out_everywhere", "signed_out_here_asked", "signed_out_here_unreachable"]);

/** How the sign-out route reached the provider: with an ID token hint, without one, or not at all. */
export function signedOutKind(reached: { provider: boolean; idTokenHint: boolean }): SignedOutKind {
  if (!reached.provider) return "signed_out_here_unreachable";
  return reached.idTokenHint ? "signed_out_everywhere" : "signed_out_here_asked";
}

/** Reads the flash cookie's value; anything but a sign-out kind is ignored (it may be another notice's). */
export function parseSignedOut(value: string | undefined): SignedOutKind | undefined {
  return value !== undefined && KINDS.has(value) ? (value as SignedOutKind) : undefined;
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * The notice's sentence, naming the provider as `providerName` (config: OIDC_PROVIDER_NAME). It claims the provider's
 * session ended only when the intranet can know it did.
 */
export function signedOutSentence(kind: SignedOutKind, providerName: string): string {
  switch (kind) {
    case "signed_out_everywhere":
      return `You are signed out of the intranet and of ${providerName}. Signing in again asks for your password.`;
    case "signed_out_here_asked":
      return `You are signed out of the intranet. ${capitalised(providerName)} asked whether to sign you out there too: if you chose "Stay signed in", you are still signed in there.`;
    case "signed_out_here_unreachable":
      return `You are signed out of the intranet. ${capitalised(providerName)} could not be reached, so you may still be signed in there.`;
  }
}
