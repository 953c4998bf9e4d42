import { sealData, unsealData } from "iron-session";
import { z } from "zod";
import type { ShortfallReason } from "./policy";

/** Ten minutes to finish signing in at the provider. */
export const TRANSACTION_TTL_SECONDS = 600;

const transactionSchema = z.object({
  state: z.string().min(16),
  nonce: z.string().min(16),
  codeVerifier: z.string().min(43),
  returnTo: z.string().startsWith("/"),
  purpose: z.enum(["sign_in", "transfer"]),
  scope: z.string(),
  acrValues: z.string().optional(),
  maxAge: z.number().int().nonnegative().optional(),
  /** The policy shortfall this sign-in set out to close; the callback checks that it did. */
  reason: z.enum(["signed_out", "api_token_expired", "mfa_required", "mfa_stale", "transfer_token_required"]).optional(),
  /** The signed-in user this request strengthens: the provider must answer for the same account. */
  sub: z.string().optional(),
});

export type Transaction = z.infer<typeof transactionSchema> & { reason?: ShortfallReason };

/** One cookie per transaction, keyed by `state`, so two tabs signing in at once don't clobber each other. */
export function transactionCookieName(state: string): string {
  return `fabrikam_txn_${state}`;
}

/** Seals a transaction for its short-lived cookie. */
export function sealTransaction(txn: Transaction, secret: string): Promise<string> {
  return sealData(transactionSchema.parse(txn), { password: secret, ttl: TRANSACTION_TTL_SECONDS });
}

/** Unseals a transaction cookie; anything missing, tampered, expired or for another state reads as undefined. */
export async function unsealTransaction(sealed: string | undefined, state: string, secret: string): Promise<Transaction | undefined> {
  if (!sealed) return undefined;
  try {
    const parsed = transactionSchema.safeParse(await unsealData(sealed, { password: secret, ttl: TRANSACTION_TTL_SECONDS }));
    return parsed.success && parsed.data.state === state ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Attributes of the transaction cookie: sent only to the callback, HttpOnly, and Lax so the provider's redirect carries it. */
export function transactionCookieOptions(secure: boolean) {
  return { httpOnly: true, sameSite: "lax" as const, secure, path: "/auth/callback", maxAge: TRANSACTION_TTL_SECONDS };
}
