/**
 * fast-check generators for transfer input, shared by the property tests of the form, the API body parser and the
 * contract between them. Tests only. Biased towards the edges of the rules: ids near 64 characters, amounts
 * around zero and the limit, memos with controls, bidi marks, line separators and lone surrogates.
 */
import fc from "fast-check";
import { formatAmount, MAX_TRANSFER_CENTS } from "../../common/money";
import { MAX_ACCOUNT_ID_LENGTH, MAX_MEMO_LENGTH } from "../../common/transfer-rules";

// Characters on both sides of every memo rule, plus ordinary and astral text.
const TRICKY_CHARACTERS = [
  "a",
  "Z",
  "é",
  "ß",
  "😀",
  " ",
  "\u00a0",
  "\u3000",
  "\t",
  "\n",
  "\r",
  "\u0000",
  "\u0007",
  "\u007f",
  "\u0085",
  "\u009f",
  "\u200b",
  "\u200d",
  "\u200e",
  "\u200f",
  "\u2028",
  "\u2029",
  "\u202a",
  "\u202e",
  "\u2066",
  "\u2069",
  "\ufeff",
  "\ud800",
  "\udfff",
];

const whitespace = fc.constantFrom("", " ", "  ", "\t", "\n", "\u00a0");

/** Surrounds a value with the whitespace people (or browsers) add. */
export const padded = (value: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc.tuple(whitespace, value, whitespace).map(([before, text, after]) => before + text + after);

/** Strings made of the tricky characters, any Unicode, or printable ASCII. */
export const trickyText = (maxLength: number): fc.Arbitrary<string> =>
  fc.oneof(
    fc.array(fc.constantFrom(...TRICKY_CHARACTERS), { maxLength }).map((chars) => chars.join("")),
    fc.string({ unit: "binary", maxLength }),
    fc.string({ unit: "grapheme-ascii", maxLength }),
  );

/** Account ids: real ones, well-formed ones up to and past the length limit, and anything else. */
export const accountIdLike: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom("acc_alice_checking", "acc_alice_savings", "acc_bob_checking", "acc_bob_savings") },
  { weight: 3, arbitrary: fc.stringMatching(new RegExp(`^[A-Za-z0-9_-]{1,${MAX_ACCOUNT_ID_LENGTH + 2}}$`)) },
  { weight: 1, arbitrary: trickyText(70) },
);

/** Amounts: every well-formed cents value, the edges around zero and the limit, near misses and noise. */
export const amountLike: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 1, max: MAX_TRANSFER_CENTS }).map(formatAmount) },
  { weight: 1, arbitrary: fc.integer({ min: -100, max: MAX_TRANSFER_CENTS + 100 }).map(formatAmount) },
  { weight: 1, arbitrary: fc.stringMatching(/^[+-]?\d{0,10}([.,]\d{0,3})?(e\d)?$/) },
  { weight: 1, arbitrary: trickyText(12) },
);

/** Memos: empty, ordinary, tricky, and around the length limit. */
export const memoLike: fc.Arbitrary<string> = fc.oneof(
  fc.constant(""),
  trickyText(MAX_MEMO_LENGTH + 10),
  fc.string({ unit: "grapheme-ascii", minLength: MAX_MEMO_LENGTH - 2, maxLength: MAX_MEMO_LENGTH + 2 }),
);
