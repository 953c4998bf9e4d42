import { hkdfSync } from "node:crypto";
import { CompactEncrypt, calculateJwkThumbprint, compactDecrypt } from "jose";
import { z } from "zod";
import { DpopKeyError } from "./dpop-key-error";

/** The only key the app seals: an ES256 (P-256) private key. */
export const ecPrivateJwk = z.object({ kty: z.literal("EC"), crv: z.literal("P-256"), x: z.string(), y: z.string(), d: z.string() });

// HKDF (RFC 5869) with a label of its own: this key is independent of iron-session's, though both come from SESSION_SECRET.
const HKDF_INFO = "fabrikam-intranet/dpop-private-key-at-rest/v1";
const JWE = { alg: "dir", enc: "A256GCM" } as const;

function keyEncryptionKey(secret: string): Uint8Array {
  return new Uint8Array(hkdfSync("sha256", secret, new Uint8Array(0), HKDF_INFO, 32));
}

/** RFC 7638 thumbprint of the public half of an EC key: what a token's `cnf.jkt` names. */
export function thumbprintOf(jwk: JsonWebKey): Promise<string> {
  const { kty, crv, x, y } = jwk;
  return calculateJwkThumbprint({ kty, crv, x, y });
}

/**
 * Encrypts a private JWK for its database row: a compact JWE (dir, A256GCM) whose protected header names the key's
 * thumbprint, so a sealed key copied into another row does not open there.
 */
export async function sealPrivateJwk(jwk: JsonWebKey, jkt: string, secret: string): Promise<string> {
  return new CompactEncrypt(new TextEncoder().encode(JSON.stringify(jwk)))
    .setProtectedHeader({ ...JWE, cty: "jwk+json", kid: jkt })
    .encrypt(keyEncryptionKey(secret));
}

function undecryptable(jkt: string, why: string): DpopKeyError {
  return new DpopKeyError(
    "dpop_key_undecryptable",
    `The intranet's DPoP key ${jkt} in the database (table intranet_dpop_keys) cannot be opened: ${why}. ` +
      "Start the intranet with the SESSION_SECRET it ran with when the key was stored. If that secret is lost, delete the " +
      "rows of intranet_dpop_keys: a new key is made on the next transfer, and transfer tokens issued before stop working " +
      "(users confirm their transfer again).",
  );
}

/**
 * Opens a sealed private JWK and checks it is the ES256 key the row says (`jkt`). Wrong secret, tampering, or a
 * sealed key from another row all throw a DpopKeyError; nothing else comes out of here.
 */
export async function openPrivateJwk(sealed: string, jkt: string, secret: string): Promise<JsonWebKey> {
  let plaintext: Uint8Array;
  let kid: unknown;
  try {
    const result = await compactDecrypt(sealed, keyEncryptionKey(secret), {
      keyManagementAlgorithms: [JWE.alg],
      contentEncryptionAlgorithms: [JWE.enc],
    });
    plaintext = result.plaintext;
    kid = result.protectedHeader.kid;
  } catch {
    throw undecryptable(jkt, "it does not decrypt with this SESSION_SECRET (a different secret, or the row was altered)");
  }
  if (kid !== jkt) throw undecryptable(jkt, "the sealed key belongs to another row");
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(plaintext));
  } catch {
    throw undecryptable(jkt, "the decrypted value is not a JWK");
  }
  const jwk = ecPrivateJwk.safeParse(parsed);
  if (!jwk.success || (await thumbprintOf(jwk.data)) !== jkt) throw undecryptable(jkt, "the decrypted key is not the P-256 key this row names");
  return jwk.data;
}
