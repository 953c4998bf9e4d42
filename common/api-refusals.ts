/**
 * Machine-readable reasons the Accounts API puts in its JSON error body (`reason`, next to RFC 6750's `error` and
 * `error_description`), so the intranet can branch on a refusal without matching English sentences.
 */
export const REFUSAL_REASONS = {
  tokenReplayed: "token_replayed",
  /** The token approves one transfer (RFC 9396 authorization_details) and the request asks for another. */
  transferNotApproved: "transfer_not_approved",
  /** The API holds transfer tokens to an approved transfer, and this one approves none. */
  noApprovedTransfer: "no_approved_transfer",
} as const;

/** One of the values of REFUSAL_REASONS. */
export type RefusalReason = (typeof REFUSAL_REASONS)[keyof typeof REFUSAL_REASONS];
