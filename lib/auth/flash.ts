import { type ProviderProfile, showsMfa } from "@/common/profiles";

/** What just changed in the session, announced once on the next page. An enum, never free text. */
export type FlashKind =
  | "signed_in"
  | "stepped_up"
  | "transfer_token"
  | "transfer_done"
  | "transfer_refused_funds"
  | "transfer_refused_details"
  | "transfer_refused";

const KINDS: ReadonlySet<string> = new Set<FlashKind>([
  "signed_in",
  "stepped_up",
  "transfer_token",
  "transfer_done",
  "transfer_refused_funds",
  "transfer_refused_details",
  "transfer_refused",
]);

/** Seconds the flash waits to be shown (a redirect or two). */
export const FLASH_MAX_AGE = 60;

/** Reads a flash cookie value; anything but a known kind is ignored. */
export function parseFlash(value: string | undefined): FlashKind | undefined {
  return value !== undefined && KINDS.has(value) ? (value as FlashKind) : undefined;
}

/** The notice for a transfer the API refused, by its error code: the app's own sentence, never the API's text. */
export function refusalFlash(apiErrorCode: string): FlashKind {
  if (apiErrorCode === "insufficient_funds") return "transfer_refused_funds";
  if (apiErrorCode === "insufficient_authorization_details") return "transfer_refused_details";
  return "transfer_refused";
}

/** The flash for a completed authorization. */
export function flashFor(
  purpose: "sign_in" | "transfer",
  askedForMfa: boolean,
  claims: { acr?: string; amr: readonly string[] },
  profile: ProviderProfile,
): FlashKind {
  if (purpose === "transfer") return "transfer_token";
  return askedForMfa && showsMfa(profile, claims) ? "stepped_up" : "signed_in";
}
