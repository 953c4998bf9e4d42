import { z } from "zod";
import { invalidRequest } from "../http/errors";
import { parseAmount } from "../ledger/money";
import type { TransferInstruction } from "../ledger/transfers";

/** Longest memo a transfer may carry. */
export const MAX_MEMO_LENGTH = 140;

// C0/C1 controls plus bidi overrides, which can make a memo read differently than it is stored.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

const accountId = z
  .string({ error: "is required and must be an account id string" })
  .min(1, "must not be empty")
  .max(64, "must be at most 64 characters");

const TransferBody = z
  .object(
    {
      from: accountId,
      to: accountId,
      amount: z.unknown().transform((value, ctx) => {
        const parsed = parseAmount(value);
        if (parsed.ok) return parsed.cents;
        ctx.addIssue({ code: "custom", message: value === undefined ? "is required" : parsed.problem });
        return z.NEVER;
      }),
      memo: z
        .string({ error: "must be a string" })
        .max(MAX_MEMO_LENGTH, `must be at most ${MAX_MEMO_LENGTH} characters`)
        .refine((memo) => !CONTROL_CHARACTERS.test(memo), "must not contain control characters")
        .nullish(),
    },
    { error: "The request body must be a JSON object with from, to and amount" },
  )
  .refine((body) => body.from !== body.to, { message: "must be a different account than from", path: ["to"] });

/** Validates a POST /transfers body; throws 400 invalid_request naming each bad field. */
export function parseTransferBody(body: unknown): TransferInstruction {
  const parsed = TransferBody.safeParse(body);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) =>
      issue.path.length > 0 ? `${issue.path.join(".")} ${issue.message}` : issue.message,
    );
    throw invalidRequest(`${problems.join("; ")}.`);
  }
  const memo = parsed.data.memo?.trim();
  return { from: parsed.data.from, to: parsed.data.to, amountCents: parsed.data.amount, memo: memo ? memo : null };
}

/** True when `body` asks for exactly the transfer `instruction` describes (Idempotency-Key replays). */
export function bodyMatches(body: unknown, instruction: TransferInstruction): boolean {
  try {
    const other = parseTransferBody(body);
    return (
      other.from === instruction.from &&
      other.to === instruction.to &&
      other.amountCents === instruction.amountCents &&
      other.memo === instruction.memo
    );
  } catch {
    return false;
  }
}
