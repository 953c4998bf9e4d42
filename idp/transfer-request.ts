/** The one transfer an authorization request asks to approve (RFC 9396), read from its stored parameters. */
import { approvedTransfer, type TransferDetails } from "../common/authorization-details";

/**
 * The `fabrikam_transfer` entry of an `authorization_details` parameter as oidc-provider keeps it (a JSON string it
 * has already validated), or undefined when the request carries none.
 */
export function requestedTransfer(authorizationDetails: unknown): TransferDetails | undefined {
  if (typeof authorizationDetails !== "string") return undefined;
  try {
    return approvedTransfer(JSON.parse(authorizationDetails));
  } catch {
    return undefined; // oidc-provider refuses malformed JSON before any interaction starts.
  }
}

/** One string per distinct transfer, member order fixed, so two requests compare equal only for the same transfer. */
export function transferKey(transfer: TransferDetails | undefined): string {
  if (!transfer) return "";
  const { type, from, to, amount, currency } = transfer;
  return JSON.stringify([type, from, to, amount, currency]);
}
