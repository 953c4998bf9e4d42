/**
 * Whether the provider's session ended with the intranet's, said on the page a sign-out lands on. The sign-out route
 * keeps which provider session it asked to end (sealed, for as long as the flash); the landing page asks the database
 * whether a back-channel logout token for that session has arrived since. oidc-provider delivers those before it
 * redirects back; a provider that sends them later, or not at all, gets the more careful sentence.
 */
import "server-only";
import { sealData, unsealData } from "iron-session";
import { z } from "zod";
import type { CookieSink, CookieSource } from "@/lib/auth/cookies";
import { appCookies } from "@/lib/auth/cookies";
import { FLASH_MAX_AGE } from "@/lib/auth/flash";
import { providerSessionEnded } from "@/lib/auth/logout-token-store";
import { config } from "@/lib/config";
import type { AppDatabase } from "@/lib/db/database";
import { type SignedOutKind, type SignOutAttempt, signedOutKind } from "./signed-out-notice";

const askedSchema = z.object({
  sub: z.string().min(1).max(255),
  idpSid: z.string().min(1).max(255).optional(),
  /** Epoch seconds: a logout token received before this is about an earlier sign-out. */
  since: z.number().int().nonnegative(),
});

/** The provider session a sign-out asked the provider to end. */
export type ProviderSignOut = z.infer<typeof askedSchema>;

const cookie = () => appCookies(config().secureCookies).signedOut;

/** Keeps `asked` for the landing page, as long as the flash that announces the sign-out. */
export async function rememberProviderSignOut(to: CookieSink, asked: ProviderSignOut): Promise<void> {
  cookie().write(to, await sealData(askedSchema.parse(asked), { password: config().sessionSecret, ttl: FLASH_MAX_AGE }), FLASH_MAX_AGE);
}

/** The notice's kind for `attempt`: "everywhere" only when the provider confirmed the session it was asked to end. */
export async function confirmedSignOutKind(from: CookieSource, db: () => Promise<AppDatabase>, attempt: SignOutAttempt): Promise<SignedOutKind> {
  const sealed = cookie().read(from);
  if (!sealed || attempt === "signed_out_here_unreachable") return attempt;
  let asked: ProviderSignOut;
  try {
    const parsed = askedSchema.safeParse(await unsealData(sealed, { password: config().sessionSecret, ttl: FLASH_MAX_AGE }));
    if (!parsed.success) return attempt;
    asked = parsed.data;
  } catch {
    return attempt;
  }
  return signedOutKind(attempt, await providerSessionEnded(await db(), asked, asked.since));
}
