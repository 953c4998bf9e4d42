import { createRemoteJWKSet, type JWTVerifyGetKey } from "jose";

// One key set per jwks_uri for the whole process: the back-channel logout and Shared Signals receivers verify with the
// provider's same keys, so they share jose's cache (and its refetch, at most every 30 s, for an unknown kid).
const keySets = new Map<string, JWTVerifyGetKey>();

/** The signing keys published at `jwksUri`, fetched and cached by jose. */
export function remoteKeySet(jwksUri: string): JWTVerifyGetKey {
  let keys = keySets.get(jwksUri);
  if (!keys) {
    keys = createRemoteJWKSet(new URL(jwksUri));
    keySets.set(jwksUri, keys);
  }
  return keys;
}
