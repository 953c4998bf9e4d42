import { webcrypto } from "node:crypto";
import type { AppDatabase } from "@/lib/db/database";

type JsonWebKey = webcrypto.JsonWebKey;
const EC_P256 = { name: "ECDSA", namedCurve: "P-256" } as const;

/** The name of the app's DPoP key row: the key its `transfer:funds` tokens are bound to (RFC 9449). */
export const TRANSFER_DPOP_KEY = "transfer-dpop";

async function readKey(db: AppDatabase, name: string): Promise<JsonWebKey | undefined> {
  const { rows } = await db.query<{ private_jwk: string }>("SELECT private_jwk FROM intranet_keys WHERE name = $1", [name]);
  const stored = rows[0]?.private_jwk;
  return stored === undefined ? undefined : (JSON.parse(stored) as JsonWebKey);
}

// The private key is not extractable once loaded; the public one must be, for the proof's `jwk` header.
async function importPair(jwk: JsonWebKey): Promise<webcrypto.CryptoKeyPair> {
  const { kty, crv, x, y } = jwk;
  const [privateKey, publicKey] = await Promise.all([
    webcrypto.subtle.importKey("jwk", jwk, EC_P256, false, ["sign"]),
    webcrypto.subtle.importKey("jwk", { kty, crv, x, y }, EC_P256, true, ["verify"]),
  ]);
  return { privateKey, publicKey };
}

/**
 * Loads the app's ES256 DPoP key pair, creating it on first use. It lives server-side in the app database
 * (never in the session cookie), so every process and module layer binds and proves with the same key.
 * Two processes racing on first use both end up with the row that was inserted first.
 */
export async function loadOrCreateDpopKey(db: AppDatabase, name = TRANSFER_DPOP_KEY): Promise<webcrypto.CryptoKeyPair> {
  const existing = await readKey(db, name);
  if (existing) return importPair(existing);
  const generated = await webcrypto.subtle.generateKey(EC_P256, true, ["sign", "verify"]);
  const jwk = await webcrypto.subtle.exportKey("jwk", generated.privateKey);
  await db.query("INSERT INTO intranet_keys (name, private_jwk, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING", [
    name,
    JSON.stringify(jwk),
    Math.floor(Date.now() / 1000),
  ]);
  const stored = await readKey(db, name);
  if (!stored) throw new Error(`DPoP key ${name} could not be stored`);
  return importPair(stored);
}
