/**
 * The rules a transfer instruction must meet, written once for the intranet's form and the Accounts API's
 * `POST /transfers`. What the form accepts the API must accept: a transfer refused only by the API has already
 * spent its single-use token and a second factor. Each side words its own messages from these problem codes.
 * Amounts follow `./money` (`parseAmount`).
 */

/** Longest account id; the ledger's ids are `acc_` plus a name or a 16-character hash and a suffix. */
export const MAX_ACCOUNT_ID_LENGTH = 64;

/** Longest memo, in UTF-16 code units (what an HTML `maxlength` counts). */
export const MAX_MEMO_LENGTH = 140;

// The ledger's ids use letters, digits, `_` and `-` only (provisioned ones carry a base64url hash).
const ACCOUNT_ID_CHARACTERS = /^[A-Za-z0-9_-]*$/;

// C0/C1 controls, line and paragraph separators, and bidi embeddings, overrides and isolates ("Trojan Source"):
// each can make a memo read differently from what is stored, or break the line it is shown on.
const MEMO_FORBIDDEN = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;
// In a `u` regex a surrogate half only matches when it is unpaired: text that cannot be stored as UTF-8 as sent.
const LONE_SURROGATE = /\p{Cs}/u;

/** Why an account id was refused. */
export type AccountIdProblem = "missing" | "too_long" | "bad_characters";

/** Why a memo was refused. */
export type MemoProblem = "too_long" | "control_characters" | "malformed_text";

/** The problem with an account id as sent (the form trims what people type first), or undefined when it is fine. */
export function accountIdProblem(id: string): AccountIdProblem | undefined {
  if (id.length === 0) return "missing";
  if (id.length > MAX_ACCOUNT_ID_LENGTH) return "too_long";
  if (!ACCOUNT_ID_CHARACTERS.test(id)) return "bad_characters";
  return undefined;
}

/** A memo as the ledger keeps it: surrounding whitespace trimmed, an empty memo is no memo (null). */
export function normalizeMemo(memo: string | null | undefined): string | null {
  const trimmed = memo?.trim() ?? "";
  return trimmed === "" ? null : trimmed;
}

/** The problem with a memo after `normalizeMemo`, or undefined when it is fine. */
export function memoProblem(memo: string): MemoProblem | undefined {
  if (LONE_SURROGATE.test(memo)) return "malformed_text";
  if (MEMO_FORBIDDEN.test(memo)) return "control_characters";
  if (memo.length > MAX_MEMO_LENGTH) return "too_long";
  return undefined;
}

/** True when a transfer would send money from an account to itself, which the ledger refuses. */
export function isSameAccount(from: string, to: string): boolean {
  return from === to;
}
