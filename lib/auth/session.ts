import { sealData, unsealData } from "iron-session";
import { z } from "zod";
import type { AuthState } from "./policy";
import { memoizedUnseal } from "./session-memo";

const tokenSchema = z.object({
  value: z.string().min(1),
  /** Epoch seconds. */
  expiresAt: z.number().int(),
  scope: z.string(),
  /** Sender-constrained (RFC 9449): the token is bound to the app's DPoP key and needs a proof on every use. */
  dpop: z.literal(true).optional(),
  /** RFC 7638 thumbprint of the DPoP key it is bound to, so it is proven with that key after the app's key rotates. */
  jkt: z.string().min(1).optional(),
  /** The transfer a transfer token was approved for (RFC 9396), as lib/transfers/transfer-approval.ts names it. */
  approves: z.string().min(1).max(64).optional(),
});

const sessionSchema = z.object({
  v: z.literal(1),
  /** Random id, new on every sign-in and step-up; pending transfers are bound to it. */
  sid: z.string().min(16),
  sub: z.string().min(1),
  name: z.string(),
  acr: z.string().optional(),
  amr: z.array(z.string()),
  /** Epoch seconds of the last authentication at the IdP (ID token `auth_time`). */
  authTime: z.number().int().optional(),
  /** Epoch seconds: when this session was sealed after a sign-in, and when it ends regardless of activity. */
  createdAt: z.number().int(),
  expiresAt: z.number().int(),
  /** The everyday `read:accounts` token for the Accounts API. */
  accessToken: tokenSchema.optional(),
  /**
   * The single-use `transfer:funds` token, described: its value waits server-side (transfer-token-store.ts) and
   * leaves as soon as it is presented once.
   */
  transferToken: tokenSchema.omit({ value: true }).optional(),
});

/**
 * A session as the app uses it. `downgrade` is never sealed (sealSession parses it away): readSession adds it from the
 * database when a CAEP assurance decrease arrived after this session's authentication (lib/auth/session-downgrade.ts).
 */
export type Session = z.infer<typeof sessionSchema> & { readonly downgrade?: SessionDowngrade };

/** Why a session's second factor no longer counts: the provider's assurance-level-change, and when. */
export interface SessionDowngrade {
  /** When the provider says the assurance dropped (epoch seconds). */
  readonly at: number;
  readonly receivedAt: number;
  /** The SET's jti. */
  readonly jti: string;
  readonly reason?: string;
}
export type StoredToken = z.infer<typeof tokenSchema>;
/** What the session cookie knows of its transfer token; the value waits server-side. */
export type TransferTokenInfo = Omit<StoredToken, "value">;

/** Browsers refuse cookies over 4096 bytes; iron-session throws instead of writing one. */
export const MAX_COOKIE_BYTES = 4096;

/** Seals a session for a cookie. The seal expires with the session. */
export async function sealSession(session: Session, secret: string, now: number): Promise<string> {
  return sealData(sessionSchema.parse(session), { password: secret, ttl: Math.max(1, session.expiresAt - now) });
}

/** Unseals a session cookie. Tampered, truncated, foreign or expired cookies read as signed out, never as an error. */
export async function unsealSession(sealed: string | undefined, secret: string, now: number): Promise<Session | undefined> {
  if (!sealed) return undefined;
  const session = await memoizedUnseal(sealed, secret, () => unsealAndParse(sealed, secret));
  // Expiry is the clock's answer, so it is asked on every read, remembered or not.
  return session && session.expiresAt > now ? session : undefined;
}

async function unsealAndParse(sealed: string, secret: string): Promise<Session | undefined> {
  let data: unknown;
  try {
    data = await unsealData(sealed, { password: secret });
  } catch {
    return undefined;
  }
  const parsed = sessionSchema.safeParse(data);
  return parsed.success ? parsed.data : undefined;
}

/**
 * The facts route policies look at. `pendingTransferApproval` names the transfer waiting for confirmation, for the
 * policy of the page that confirms it (lib/transfers/transfer-approval.ts).
 */
export function authStateOf(session: Session | undefined, pendingTransferApproval?: string): AuthState | undefined {
  if (!session) return undefined;
  return {
    acr: session.acr,
    amr: session.amr,
    authTime: session.authTime,
    accessTokenExpiresAt: session.accessToken?.expiresAt,
    transferTokenExpiresAt: session.transferToken?.expiresAt,
    transferTokenApproves: session.transferToken?.approves,
    pendingTransferApproval,
  };
}
