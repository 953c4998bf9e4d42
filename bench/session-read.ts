/**
 * Figure 1b: reading the session cookie, alone. The app's iron-session unseal beside the same payload sealed
 * the way other Next.js auth libraries do it: a JWE `dir`/A256GCM (nextjs-auth0) and `dir`/A256CBC-HS512
 * (Auth.js), both with their key derived by HKDF from the secret on every call, as those libraries do.
 */
import { hkdf } from "node:crypto";
import { promisify } from "node:util";
import { unsealData } from "iron-session";
import { EncryptJWT, jwtDecrypt } from "jose";
import { sealSession, unsealSession } from "../lib/auth/session";
import { clearSessionMemo } from "../lib/auth/session-memo";
import { IRON_UNSEAL, WARM_READ } from "./results-json";
import { DEV_SESSION_SECRET, realisticSession } from "./support/session-fixture";
import { interleaved, opsPerSecond } from "./support/stats";

const hkdfAsync = promisify(hkdf);

async function derivedKey(secret: string, salt: string, info: string, bytes: number): Promise<Uint8Array> {
  return new Uint8Array(await hkdfAsync("sha256", secret, salt, info, bytes));
}

export interface SessionReadResult {
  payloadBytes: number;
  /** Sealed size per format, in bytes. */
  sizes: Record<string, number>;
  /** Median µs per read, per variant. */
  micros: Record<string, number>;
}

/** Runs each variant in interleaved rounds of `ms` milliseconds; returns µs per read (median). */
export async function benchSessionRead(rounds = 9, ms = 200): Promise<SessionReadResult> {
  const now = Math.floor(Date.now() / 1000);
  const session = await realisticSession(now);
  const secret = DEV_SESSION_SECRET;
  const iron = await sealSession(session, secret, now);

  // nextjs-auth0 v4: HKDF(secret, info "JWE CEK") → 32-byte key, dir + A256GCM.
  const gcmKey = () => derivedKey(secret, "", "JWE CEK", 32);
  const gcm = await new EncryptJWT({ ...session }).setProtectedHeader({ alg: "dir", enc: "A256GCM" }).encrypt(await gcmKey());
  // Auth.js v5: HKDF(secret, salt = cookie name) → 64-byte key, dir + A256CBC-HS512.
  const cookieName = "authjs.session-token";
  const cbcKey = () => derivedKey(secret, cookieName, `Auth.js Generated Encryption Key (${cookieName})`, 64);
  const cbc = await new EncryptJWT({ ...session }).setProtectedHeader({ alg: "dir", enc: "A256CBC-HS512" }).encrypt(await cbcKey());
  const gcmKeyOnce = await gcmKey();

  const check = (value: unknown) => {
    if (!value) throw new Error("session read failed in the benchmark");
  };
  const variants = {
    "iron-session (app: unsealSession + zod)": async () => {
      clearSessionMemo();
      check(await unsealSession(iron, secret, now));
    },
    [WARM_READ]: async () => check(await unsealSession(iron, secret, now)),
    [IRON_UNSEAL]: async () => check(await unsealData(iron, { password: secret })),
    "JWE dir/A256GCM, HKDF per read (nextjs-auth0)": async () => check((await jwtDecrypt(gcm, await gcmKey())).payload),
    "JWE dir/A256CBC-HS512, HKDF per read (Auth.js)": async () => check((await jwtDecrypt(cbc, await cbcKey())).payload),
    "JWE dir/A256GCM, key derived once": async () => check((await jwtDecrypt(gcm, gcmKeyOnce)).payload),
  } as const;

  const measured = await interleaved(
    Object.fromEntries(Object.entries(variants).map(([name, op]) => [name, () => opsPerSecond(op, ms)])) as Record<
      keyof typeof variants,
      () => Promise<number>
    >,
    rounds,
  );
  return {
    payloadBytes: JSON.stringify(session).length,
    sizes: { "iron-session": iron.length, "JWE A256GCM": gcm.length, "JWE A256CBC-HS512": cbc.length },
    micros: Object.fromEntries(Object.entries(measured).map(([name, { median }]) => [name, 1e6 / median])),
  };
}
