/**
 * Signing keys (RS256 JWK) and cookie keys, generated at first start and kept
 * under IDP_DATA_DIR so a restart does not invalidate issued tokens or sessions.
 */
import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from "jose";
import { z } from "zod";

export interface IdpKeys {
  /** Private JWKS for oidc-provider's `jwks` option; the public half is served at /jwks. */
  jwks: { keys: JWK[] };
  /** Keys that sign the IdP's cookies (newest first, as oidc-provider expects). */
  cookieKeys: string[];
}

const stored = z.object({
  jwks: z.object({ keys: z.array(z.looseObject({ kty: z.string(), kid: z.string() })).min(1) }),
  cookieKeys: z.array(z.string().min(32)).min(1),
});

/** Loads the keys from `dataDir/keys.json`, creating them (mode 0600) if absent. */
export async function loadOrCreateKeys(dataDir: string): Promise<IdpKeys> {
  const file = join(dataDir, "keys.json");
  const existing = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  if (existing !== undefined) {
    const parsed = stored.safeParse(JSON.parse(existing));
    if (!parsed.success) throw new Error(`${file} is not a valid key file; delete it to generate new keys`);
    return parsed.data;
  }

  const keys = await generateKeys();
  await mkdir(dataDir, { recursive: true });
  // Write then rename, so a crash never leaves a half-written key file behind.
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(keys, null, 2), { mode: 0o600 });
  await rename(temporary, file);
  return keys;
}

async function generateKeys(): Promise<IdpKeys> {
  const { privateKey } = await generateKeyPair("RS256", { modulusLength: 2048, extractable: true });
  const jwk = await exportJWK(privateKey);
  // An RFC 7638 thumbprint as kid is stable and lets verifiers pick the key by header.
  const kid = await calculateJwkThumbprint(jwk);
  return {
    jwks: { keys: [{ ...jwk, kid, alg: "RS256", use: "sig" }] },
    cookieKeys: [randomBytes(32).toString("base64url")],
  };
}
