import { z } from "zod";
import type { AppDatabase } from "@/lib/db/database";
import { DpopKeyError } from "./dpop-key-error";
import { ecPrivateJwk, openPrivateJwk, sealPrivateJwk, thumbprintOf } from "./dpop-key-seal";

const EC_P256 = { name: "ECDSA", namedCurve: "P-256" } as const;

/** The purpose of the app's DPoP keys: the key its `transfer:funds` tokens are bound to (RFC 9449). */
export const TRANSFER_DPOP_KEY = "transfer-dpop";

/**
 * Seconds a replaced key is kept even when no token bound to it was recorded: a callback that chose the key just
 * before its successor appeared records its token within the token request's timeout (seconds), well inside this.
 */
export const REPLACED_KEY_GRACE = 300;

/**
 * Seconds a key migrated from a plaintext row is kept after being replaced: tokens bound to it before thumbprints
 * were recorded left no expiry here, and a day outlasts any transfer token (the dev IdP's live 5 minutes).
 */
export const MIGRATED_KEY_RETENTION = 24 * 60 * 60;

/** Generation of a key migrated from a plaintext row; generated keys count from 1. */
const MIGRATED_GENERATION = 0;

/** One of the app's DPoP keys, opened. */
export interface DpopKey {
  /** RFC 7638 thumbprint of the public key: the `cnf.jkt` of tokens bound to it. */
  readonly jkt: string;
  readonly generation: number;
  /** Epoch seconds. */
  readonly createdAt: number;
  /** The private key is not extractable; the public one is, for the proof's `jwk` header. */
  readonly keyPair: CryptoKeyPair;
}

/** What every store call needs: the secret the keys are sealed under and the time (epoch seconds). */
export interface KeyStoreContext {
  readonly secret: string;
  readonly now: number;
  /** Defaults to TRANSFER_DPOP_KEY. */
  readonly purpose?: string;
}

const keyRow = z.object({
  jkt: z.string(),
  generation: z.coerce.number().int(),
  sealed_private_jwk: z.string(),
  created_at: z.coerce.number().int(),
});
type KeyRow = z.infer<typeof keyRow>;

const COLUMNS = "jkt, generation, sealed_private_jwk, created_at";

async function importPair(jwk: JsonWebKey): Promise<CryptoKeyPair> {
  const { kty, crv, x, y } = jwk;
  const [privateKey, publicKey] = await Promise.all([
    crypto.subtle.importKey("jwk", jwk, EC_P256, false, ["sign"]),
    crypto.subtle.importKey("jwk", { kty, crv, x, y }, EC_P256, true, ["verify"]),
  ]);
  return { privateKey, publicKey };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

async function openRow(row: KeyRow, secret: string): Promise<DpopKey> {
  const jwk = await openPrivateJwk(row.sealed_private_jwk, row.jkt, secret);
  return { jkt: row.jkt, generation: row.generation, createdAt: row.created_at, keyPair: await importPair(jwk) };
}

async function selectOne(db: AppDatabase, where: string, params: readonly unknown[]): Promise<KeyRow | undefined> {
  const { rows } = await db.query(`SELECT ${COLUMNS} FROM intranet_dpop_keys WHERE ${where} LIMIT 1`, params);
  return rows[0] === undefined ? undefined : keyRow.parse(rows[0]);
}

const newest = (db: AppDatabase, purpose: string) => selectOne(db, "purpose = $1 ORDER BY generation DESC", [purpose]);

async function insertKey(db: AppDatabase, purpose: string, generation: number, jwk: JsonWebKey, createdAt: number, keepUntil: number, secret: string) {
  const jkt = await thumbprintOf(jwk);
  // ON CONFLICT: another process made this generation first; everyone then reads the row that won.
  await db.query(
    `INSERT INTO intranet_dpop_keys (purpose, generation, jkt, sealed_private_jwk, created_at, tokens_expire_by)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
    [purpose, generation, jkt, await sealPrivateJwk(jwk, jkt, secret), createdAt, keepUntil],
  );
}

/**
 * Databases from before keys were sealed hold the key as a plaintext JWK in `intranet_keys`: seal it into
 * intranet_dpop_keys (same key, so tokens bound to it stay provable) and delete the plaintext row.
 */
async function migratePlaintextKey(db: AppDatabase, purpose: string, { secret, now }: KeyStoreContext): Promise<void> {
  const { rows: present } = await db.query<{ present: boolean }>("SELECT to_regclass('intranet_keys') IS NOT NULL AS present");
  if (!present[0]?.present) return;
  const { rows } = await db.query("SELECT private_jwk, created_at FROM intranet_keys WHERE name = $1", [purpose]);
  const legacy = rows[0];
  if (legacy === undefined) return;
  const { private_jwk: plaintext, created_at: createdAt } = z.object({ private_jwk: z.string(), created_at: z.coerce.number().int() }).parse(legacy);
  const jwk = ecPrivateJwk.safeParse(parseJson(plaintext));
  if (!jwk.success) {
    throw new DpopKeyError(
      "dpop_key_undecryptable",
      `The old plaintext DPoP key (table intranet_keys, name ${purpose}) is not a P-256 private JWK, so it cannot be moved to ` +
        "intranet_dpop_keys. Delete that row: a new key is made on the next transfer (transfer tokens issued before stop working).",
    );
  }
  await insertKey(db, purpose, MIGRATED_GENERATION, jwk.data, createdAt, now + MIGRATED_KEY_RETENTION, secret);
  await db.query("DELETE FROM intranet_keys WHERE name = $1", [purpose]);
}

/**
 * The key new tokens are bound to: the newest generation, or a new one when that is `maxAge` seconds old (or there
 * is none). Processes racing to rotate all end up with the same new key. Replaced keys stay for the tokens bound to them.
 */
export async function currentDpopKey(db: AppDatabase, context: KeyStoreContext & { readonly maxAge: number }): Promise<DpopKey> {
  const purpose = context.purpose ?? TRANSFER_DPOP_KEY;
  await migratePlaintextKey(db, purpose, context);
  let row = await newest(db, purpose);
  if (row === undefined || context.now - row.created_at >= context.maxAge) {
    const generated = await crypto.subtle.generateKey(EC_P256, true, ["sign", "verify"]);
    const jwk = await crypto.subtle.exportKey("jwk", generated.privateKey);
    await insertKey(db, purpose, (row?.generation ?? MIGRATED_GENERATION) + 1, jwk, context.now, 0, context.secret);
    row = await newest(db, purpose);
    await pruneReplacedKeys(db, purpose, context.now);
  }
  if (row === undefined) throw new DpopKeyError("dpop_key_missing", `No ${purpose} key could be stored in intranet_dpop_keys; check the database.`);
  return openRow(row, context.secret);
}

/**
 * The key a token was bound to, by the thumbprint recorded with it; a token from before thumbprints were recorded
 * (`jkt` undefined) was bound to the key migrated from the plaintext row. Undefined when that key is gone.
 */
export async function dpopKeyFor(db: AppDatabase, jkt: string | undefined, context: KeyStoreContext): Promise<DpopKey | undefined> {
  const purpose = context.purpose ?? TRANSFER_DPOP_KEY;
  await migratePlaintextKey(db, purpose, context);
  const row =
    jkt === undefined
      ? await selectOne(db, "purpose = $1 AND generation = $2", [purpose, MIGRATED_GENERATION])
      : await selectOne(db, "purpose = $1 AND jkt = $2", [purpose, jkt]);
  return row === undefined ? undefined : openRow(row, context.secret);
}

/**
 * Records that a token bound to key `jkt` is used until `expiresAt`, so the key outlives it; then deletes replaced
 * keys whose tokens have all expired.
 */
export async function recordBoundToken(db: AppDatabase, jkt: string, expiresAt: number, now: number): Promise<void> {
  const { rows } = await db.query<{ purpose: string }>(
    "UPDATE intranet_dpop_keys SET tokens_expire_by = GREATEST(tokens_expire_by, $2) WHERE jkt = $1 RETURNING purpose",
    [jkt, expiresAt],
  );
  const purpose = rows[0]?.purpose;
  if (purpose === undefined) {
    throw new DpopKeyError("dpop_key_missing", `The DPoP key ${jkt} was deleted while a token was being bound to it; sign in to the transfer again.`);
  }
  await pruneReplacedKeys(db, purpose, now);
}

/** Deletes keys that a newer generation replaced more than REPLACED_KEY_GRACE ago and whose tokens have all expired. */
export async function pruneReplacedKeys(db: AppDatabase, purpose: string, now: number): Promise<void> {
  await db.query(
    `DELETE FROM intranet_dpop_keys AS old
      WHERE old.purpose = $1 AND old.tokens_expire_by <= $2
        AND EXISTS (SELECT 1 FROM intranet_dpop_keys AS newer
                     WHERE newer.purpose = old.purpose AND newer.generation > old.generation AND newer.created_at <= $3)`,
    [purpose, now, now - REPLACED_KEY_GRACE],
  );
}
