/**
 * The Accounts API's wire format for money: positive decimal strings ("125.00"), integer cents inside.
 * Shared so the intranet's form and the API refuse exactly the same inputs.
 */

/** The only currency the demo ledger holds. */
export const CURRENCY = "USD";

/** Largest single transfer, in cents (1,000,000.00). */
export const MAX_TRANSFER_CENTS = 100_000_000;

// Plain decimal, no sign, no exponent, no grouping, no leading zeros, at most two decimals.
const AMOUNT_PATTERN = /^(0|[1-9][0-9]{0,8})(?:\.([0-9]{1,2}))?$/;

/** Why an amount was refused: a stable code for each side to word in its own way. */
export type AmountProblem = "not_a_string" | "not_a_decimal" | "not_positive" | "too_large";

/** Result of reading an amount: cents, or the reason it was refused (`problem` is an English phrase after the field name). */
export type ParsedAmount = { ok: true; cents: number } | { ok: false; code: AmountProblem; problem: string };

const PROBLEMS: Record<AmountProblem, string> = {
  not_a_string: 'must be a decimal string such as "125.00"',
  not_a_decimal: 'must be a positive decimal such as "125.00" with at most two decimals',
  not_positive: "must be greater than zero",
  too_large: "must not exceed 1000000.00",
};

const refused = (code: AmountProblem): ParsedAmount => ({ ok: false, code, problem: PROBLEMS[code] });

/**
 * Reads a positive decimal string such as "125.00" into integer cents.
 * Refuses numbers (floats lose cents), signs, exponents, grouping, more than two decimals
 * and anything above MAX_TRANSFER_CENTS.
 */
export function parseAmount(input: unknown): ParsedAmount {
  if (typeof input !== "string") return refused("not_a_string");
  const match = AMOUNT_PATTERN.exec(input);
  if (!match) return refused("not_a_decimal");
  const whole = Number(match[1]);
  const fraction = Number((match[2] ?? "").padEnd(2, "0"));
  const cents = whole * 100 + fraction;
  if (cents <= 0) return refused("not_positive");
  if (cents > MAX_TRANSFER_CENTS) return refused("too_large");
  return { ok: true, cents };
}

/** Formats integer cents as a signed decimal string with two decimals ("-12.30"). */
export function formatAmount(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}
