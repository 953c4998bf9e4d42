import { type ProviderProfile, showsMfa } from "@/common/profiles";

/** What just changed in the session, announced once on the next page. An enum, never free text. */
export type FlashKind = "signed_in" | "stepped_up" | "transfer_token" | "transfer_done";

const KINDS: ReadonlySet<string> = new Set<FlashKind>(["signed_in", "stepped_up", "transfer_token", "transfer_done"]);

/** Seconds the flash waits to be shown (a redirect or two). */
export const FLASH_MAX_AGE = 60;

/** Reads a flash cookie value; anything but a known kind is ignored. */
export function parseFlash(value: string | undefined): FlashKind | undefined {
  return value !== undefined && KINDS.has(value) ? (value as FlashKind) : undefined;
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
