import { z } from "zod";
import { parseAmount } from "@/common/money";

// Same rules as the API, so people see the problem before a second factor is spent on it.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/** The transfer form, validated. Field names match the form's inputs. */
export const transferInputSchema = z
  .object({
    from: z.string({ error: "Choose the account to send from." }).trim().min(1, "Choose the account to send from.").max(64),
    to: z.string({ error: "Choose who receives the money." }).trim().min(1, "Choose who receives the money.").max(64),
    amount: z
      .string({ error: "Enter an amount." })
      .trim()
      .superRefine((value, ctx) => {
        const parsed = parseAmount(value);
        if (!parsed.ok) ctx.addIssue({ code: "custom", message: `The amount ${parsed.problem}.` });
      }),
    memo: z
      .string()
      .trim()
      .max(140, "Keep the memo to 140 characters.")
      .refine((value) => !CONTROL_CHARACTERS.test(value), "The memo cannot contain control characters.")
      .optional()
      .transform((value) => (value ? value : undefined)),
  })
  .refine((input) => input.from !== input.to, { path: ["to"], message: "Choose a different account to send to." });

export type TransferInput = z.infer<typeof transferInputSchema>;
export type TransferField = "from" | "to" | "amount" | "memo";

/** Parses form data into a transfer, or per-field messages for the form. */
export function parseTransferForm(form: FormData):
  | { ok: true; input: TransferInput }
  | { ok: false; errors: Partial<Record<TransferField, string>> } {
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
