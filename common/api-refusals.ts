/**
 * Machine-readable reasons the Accounts API puts in its JSON error body (`reason`, next to RFC 6750's `error` and
 * `error_description`), so the intranet can branch on a refusal without matching English sentences.
 */
export const REFUSAL_REASONS = { tokenReplayed: "token_replayed" } as const;

/** One of the values of REFUSAL_REASONS. */
export type RefusalReason = (typeof REFUSAL_REASONS)[keyof typeof REFUSAL_REASONS];
