import { createHash } from "node:crypto";
import { type TransferDetails, transferDetails } from "@/common/authorization-details";

/**
 * A short, stable name for the exact transfer a second factor approved (its RFC 9396 details), kept with the
 * transfer token in the session cookie — whose 4 KB budget has no room for the details themselves — and compared
 * with the pending transfer's. 128 bits of SHA-256 over the canonical details: two transfers that differ in any
 * member get different names.
 */
export function approvalDigest(details: TransferDetails): string {
  const canonical = JSON.stringify([details.type, details.from, details.to, details.amount, details.currency]);
  return createHash("sha256").update(canonical).digest("base64url").slice(0, 22);
}

/** The approval digest of a transfer as the form or the pending transfer holds it. */
export function approvalDigestOf(transfer: { from: string; to: string; amount: string }): string {
  return approvalDigest(transferDetails(transfer));
}
