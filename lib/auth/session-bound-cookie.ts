/**
 * A cookie holding data sealed to one session (iron-session, the session secret, a lifetime): the pending transfer
 * and the transfer receipt. Reading it back for another session, after its lifetime, or once tampered with finds
 * nothing, so a cookie left in the browser is never shown to whoever signs in next.
 */
import { sealData, unsealData } from "iron-session";
import type { z } from "zod";
import { config } from "@/lib/config";
import type { AppCookie, CookieSink, CookieSource } from "./cookies";

/** Save and read `schema`'s values, sealed for `ttlSeconds`, in the cookie `cookie()` names. */
export function sessionBoundCookie<T extends { sid: string }>(cookie: () => AppCookie, schema: z.ZodType<T>, ttlSeconds: number) {
  const options = () => ({ password: config().sessionSecret, ttl: ttlSeconds });
  return {
    async save(to: CookieSink, value: T): Promise<void> {
      cookie().write(to, await sealData(schema.parse(value), options()), ttlSeconds);
    },
    /** The value of session `sid`, if any; another session's, expired or tampered ones read as none. */
    async read(from: CookieSource, sid: string): Promise<T | undefined> {
      const sealed = cookie().read(from);
      if (!sealed) return undefined;
      try {
        const parsed = schema.safeParse(await unsealData(sealed, options()));
        return parsed.success && parsed.data.sid === sid ? parsed.data : undefined;
      } catch {
        return undefined;
      }
    },
  };
}
