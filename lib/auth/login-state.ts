import { sealData, unsealData } from "iron-session";
import { z } from "zod";
import { transferDetailsSchema } from "@/common/authorization-details";
import { appCookies, type CookieList, type CookieSink } from "./cookies";
import type { ShortfallReason } from "./policy";
import { isLocalPath } from "./return-to";

/** Ten minutes to finish signing in at the provider. */
export const LOGIN_TRANSACTION_TTL_SECONDS = 600;

const loginTransactionSchema = z.object({
  state: z.string().min(16),
  nonce: z.string().min(16),
  codeVerifier: z.string().min(43),
  /** Where the callback lands: only ever a canonical local path (return-to.ts). */
  returnTo: z.string().refine(isLocalPath),
  purpose: z.enum(["sign_in", "transfer"]),
  scope: z.string(),
  acrValues: z.string().optional(),
  maxAge: z.number().int().nonnegative().optional(),
  /** The policy shortfall this sign-in set out to close; the callback checks that it did. */
  reason: z.enum(["signed_out", "api_token_expired", "mfa_required", "mfa_stale", "transfer_token_required"]).optional(),
  /** The signed-in user this request strengthens: the provider must answer for the same account. */
  sub: z.string().optional(),
  /** The one transfer this step-up asks the second factor to approve (RFC 9396); the callback checks it was granted. */
  transfer: transferDetailsSchema.optional(),
});

export type LoginTransaction = z.infer<typeof loginTransactionSchema> & { reason?: ShortfallReason };

/** Seals a transaction for its short-lived cookie. */
export async function sealLoginTransaction(txn: LoginTransaction, secret: string): Promise<string> {
  return sealData(loginTransactionSchema.parse(txn), { password: secret, ttl: LOGIN_TRANSACTION_TTL_SECONDS });
}

/** Unseals a transaction cookie; anything missing, tampered, expired or for another state reads as undefined. */
export async function unsealLoginTransaction(sealed: string | undefined, state: string, secret: string): Promise<LoginTransaction | undefined> {
  if (!sealed) return undefined;
  try {
    const parsed = loginTransactionSchema.safeParse(await unsealData(sealed, { password: secret, ttl: LOGIN_TRANSACTION_TTL_SECONDS }));
    return parsed.success && parsed.data.state === state ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Sign-ins in flight per browser. Their cookies go with every request (`__Host-` needs Path=/), so they are capped. */
export const MAX_LOGINS_IN_FLIGHT = 4;

/**
 * Keeps a sealed transaction in its own cookie until the callback. Past the cap, the older ones are dropped
 * (their callbacks end on `transaction_missing`, which explains itself) rather than growing every request.
 */
export function keepLoginTransaction(from: CookieList, to: CookieSink, transaction: { state: string; sealed: string }, secure: boolean): void {
  const cookies = appCookies(secure);
  const inFlight = cookies.loginTransactionsIn(from);
  if (inFlight.length >= MAX_LOGINS_IN_FLIGHT) for (const cookie of inFlight) cookie.clear(to);
  cookies.loginTransaction(transaction.state).write(to, transaction.sealed, LOGIN_TRANSACTION_TTL_SECONDS);
}
