/**
 * A small in-process memo of session cookies already unsealed and checked: iron-session derives its keys with a
 * chain of WebCrypto calls on every unseal (~0.5 ms), and the gate and the page each read the cookie on every view.
 *
 * Why it is safe: it remembers only what the seal proves, a pure function of (cookie value, secret), keyed by a
 * SHA-256 of both, so a different or altered cookie is simply a miss. Nothing that can change is remembered: expiry
 * is re-checked against the clock on every read, and sign-out, replacement, idle timeout and revocation are the
 * database's answer (session-store.ts), asked on every page as before. Entries are frozen, live a short while and
 * are bounded in number, oldest first out.
 */
import { createHash } from "node:crypto";

/** Entries older than this are unsealed again. */
export const SESSION_MEMO_TTL_MS = 60_000;
/** At most this many sessions are remembered (about 3 KB each). */
export const SESSION_MEMO_MAX_ENTRIES = 2_000;

interface Entry<T> {
  readonly value: T;
  readonly storedAt: number;
}

const entries = new Map<string, Entry<unknown>>();

function keyOf(sealed: string, secret: string): string {
  return createHash("sha256").update(secret).update("\0").update(sealed).digest("base64url");
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const member of Object.values(value)) deepFreeze(member);
  }
  return value;
}

/** What `sealed` unsealed to under `secret`, if remembered and fresh; else `unseal()`'s answer, remembered when defined. */
export async function memoizedUnseal<T>(sealed: string, secret: string, unseal: () => Promise<T | undefined>, nowMs = Date.now()): Promise<T | undefined> {
  const key = keyOf(sealed, secret);
  const hit = entries.get(key);
  if (hit && nowMs - hit.storedAt < SESSION_MEMO_TTL_MS) return hit.value as T;
  if (hit) entries.delete(key);
  const value = await unseal();
  // Only successes are remembered: a refused cookie costs its attacker a full unseal every time.
  if (value === undefined) return undefined;
  entries.set(key, { value: deepFreeze(value), storedAt: nowMs });
  // A Map iterates in insertion order: the first key is the oldest.
  if (entries.size > SESSION_MEMO_MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
  return value;
}

/** Forgets every remembered session (tests; a secret rotation restarts the process anyway). */
export function clearSessionMemo(): void {
  entries.clear();
}

/** How many sessions are remembered now. */
export function sessionMemoSize(): number {
  return entries.size;
}
