// The wire format is shared with the intranet's form, so both refuse exactly the same amounts.
export { CURRENCY, formatAmount, MAX_TRANSFER_CENTS, type ParsedAmount, parseAmount } from "../../common/money";

/** Converts a database integer (number, bigint or numeric string, per driver) to a JS number. */
export function centsFromDb(value: unknown): number {
  const cents = typeof value === "bigint" ? Number(value) : typeof value === "string" ? Number(value) : value;
  if (typeof cents !== "number" || !Number.isSafeInteger(cents)) {
    throw new TypeError(`Unexpected amount from the database: ${String(value)}`);
  }
  return cents;
}
