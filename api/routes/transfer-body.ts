import { z } from "zod";
import {
  type AccountIdProblem,
  accountIdProblem,
  isSameAccount,
  MAX_ACCOUNT_ID_LENGTH,
  MAX_MEMO_LENGTH,
  type MemoProblem,
  memoProblem,
  normalizeMemo,
} from "../../common/transfer-rules";
import { invalidRequest } from "../http/errors";
import { parseAmount } from "../ledger/money";
import type { TransferInstruction } from "../ledger/transfers";

// The API's wording of the shared rules (common/transfer-rules.ts); each follows the field name.
const ACCOUNT_ID_PROBLEMS: Record<AccountIdProblem, string> = {
  missing: "must not be empty",
  too_long: `must be at most ${MAX_ACCOUNT_ID_LENGTH} characters`,
  bad_characters: "must be an account id (letters, digits, _ and - only)",
};
const MEMO_PROBLEMS: Record<MemoProblem, string> = {
  too_long: `must be at most ${MAX_MEMO_LENGTH} characters`,
  control_characters: "must not contain control characters or text-direction overrides",
  malformed_text: "must be valid Unicode text",
};

const accountId = z.string({ error: "is required and must be an account id string" }).superRefine((id, ctx) => {
  const problem = accountIdProblem(id);
  if (problem) ctx.addIssue({ code: "custom", message: ACCOUNT_ID_PROBLEMS[problem] });
});

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
        .nullish()
        .transform((value, ctx) => {
          const memo = normalizeMemo(value);
          const problem = memo === null ? undefined : memoProblem(memo);
          if (!problem) return memo;
          ctx.addIssue({ code: "custom", message: MEMO_PROBLEMS[problem] });
          return z.NEVER;
        }),
    },
    { error: "The request body must be a JSON object with from, to and amount" },
  )
  .refine((body) => !isSameAccount(body.from, body.to), { message: "must be a different account than from", path: ["to"] });

/**
 * Validates a POST /transfers body; throws 400 invalid_request naming each bad field.
 * Invariant (property-tested): for any JSON value, either a transfer meeting common/transfer-rules.ts or that 400.
 */
export function parseTransferBody(body: unknown): TransferInstruction {
  const parsed = TransferBody.safeParse(body);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => (issue.path.length > 0 ? `${issue.path.join(".")} ${issue.message}` : issue.message));
    throw invalidRequest(`${problems.join("; ")}.`);
  }
  return { from: parsed.data.from, to: parsed.data.to, amountCents: parsed.data.amount, memo: parsed.data.memo ?? null };
}

/** True when `body` asks for exactly the transfer `instruction` describes (Idempotency-Key replays). */
export function bodyMatches(body: unknown, instruction: TransferInstruction): boolean {
  try {
    const other = parseTransferBody(body);
    return other.from === instruction.from && other.to === instruction.to && other.amountCents === instruction.amountCents && other.memo === instruction.memo;
  } catch {
    return false;
  }
}
