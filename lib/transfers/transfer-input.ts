import { z } from "zod";
import { type AmountProblem, formatAmount, parseAmount } from "@/common/money";
import { type AccountIdProblem, accountIdProblem, isSameAccount, MAX_MEMO_LENGTH, type MemoProblem, memoProblem, normalizeMemo } from "@/common/transfer-rules";

// The API's rules (common/transfer-rules.ts) in the form's words, so people see a problem before a second
// factor is spent on it; testing/contracts/transfer-input.test.ts proves that what this accepts the API accepts.
const FROM_PROBLEMS: Record<AccountIdProblem, string> = {
  missing: "Choose the account to send from.",
  too_long: "Choose one of your accounts to send from.",
  bad_characters: "Choose one of your accounts to send from.",
};
const TO_PROBLEMS: Record<AccountIdProblem, string> = {
  missing: "Choose who receives the money.",
  too_long: "Choose who receives the money from the list.",
  bad_characters: "Choose who receives the money from the list.",
};
const AMOUNT_PROBLEMS: Record<AmountProblem, string> = {
  not_a_string: "Enter an amount.",
  not_a_decimal: "Enter the amount as a number such as 125.00, with at most two decimals.",
  not_positive: "The amount must be more than zero.",
  too_large: "The amount cannot be more than 1000000.00.",
};
const MEMO_PROBLEMS: Record<MemoProblem, string> = {
  too_long: `Keep the memo to ${MAX_MEMO_LENGTH} characters.`,
  control_characters: "The memo cannot contain control characters or text-direction marks.",
  malformed_text: "The memo contains characters that are not valid text.",
};

/** People type ".5" for 0.50 and "5." for 5.00; the wire format (common/money.ts) wants digits on both sides. */
export function completeDecimalPoint(typed: string): string {
  return typed.replace(/^\.(\d+)$/, "0.$1").replace(/^(\d+)\.$/, "$1");
}

const accountField = (messages: Record<AccountIdProblem, string>) =>
  z
    .string({ error: messages.missing })
    .trim()
    .superRefine((id, ctx) => {
      const problem = accountIdProblem(id);
      if (problem) ctx.addIssue({ code: "custom", message: messages[problem] });
    });

/** The transfer form, validated. Field names match the form's inputs; the amount comes out canonical ("5.00"), as the API writes it. */
export const transferInputSchema = z
  .object({
    from: accountField(FROM_PROBLEMS),
    to: accountField(TO_PROBLEMS),
    amount: z
      .string({ error: AMOUNT_PROBLEMS.not_a_string })
      .trim()
      .transform((value, ctx) => {
        const parsed = parseAmount(completeDecimalPoint(value));
        if (parsed.ok) return formatAmount(parsed.cents);
        ctx.addIssue({ code: "custom", message: value === "" ? AMOUNT_PROBLEMS.not_a_string : AMOUNT_PROBLEMS[parsed.code] });
        return z.NEVER;
      }),
    memo: z
      .string()
      .optional()
      .transform((value, ctx) => {
        const memo = normalizeMemo(value);
        const problem = memo === null ? undefined : memoProblem(memo);
        if (problem) ctx.addIssue({ code: "custom", message: MEMO_PROBLEMS[problem] });
        return memo ?? undefined;
      }),
  })
  .refine((input) => !isSameAccount(input.from, input.to), { path: ["to"], message: "Choose a different account to send to." });

export type TransferInput = z.infer<typeof transferInputSchema>;
export type TransferField = "from" | "to" | "amount" | "memo";

/**
 * Parses form data into a transfer, or per-field messages for the form.
 * Invariant (property-tested): for any form data, either a transfer the API accepts or messages keyed by field.
 */
export function parseTransferForm(form: FormData): { ok: true; input: TransferInput } | { ok: false; errors: Partial<Record<TransferField, string>> } {
  const raw = Object.fromEntries(["from", "to", "amount", "memo"].map((k) => [k, form.get(k) ?? undefined]).filter(([, v]) => typeof v === "string"));
  const parsed = transferInputSchema.safeParse(raw);
  if (parsed.success) return { ok: true, input: parsed.data };
  const errors: Partial<Record<TransferField, string>> = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0];
    if ((field === "from" || field === "to" || field === "amount" || field === "memo") && !errors[field]) errors[field] = issue.message;
  }
  return { ok: false, errors };
}
