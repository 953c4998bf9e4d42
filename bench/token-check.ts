/**
 * Figure 2: the API's whole access-token check (api/auth/verify-access-token.ts: RFC 9068 validation with a
 * cached JWKS, then the transfer route's scope and MFA-freshness policy) against a bare `jose.jwtVerify` of
 * the same token with a cached remote JWKS. RS256 and ES256, one process, interleaved rounds.
 */
import { createRemoteJWKSet, jwtVerify } from "jose";
import { requireRecentMfa, requireScope } from "../api/auth/step-up-policy";
import { createAccessTokenVerifier } from "../api/auth/verify-access-token";
import { PROFILES } from "../common/profiles";
import { SCOPES } from "../common/step-up";
import type { LocalIssuer, SigningAlg } from "./support/local-issuer";
import { interleaved, opsPerSecond } from "./support/stats";

export interface TokenCheckRow {
  alg: SigningAlg;
  /** Verifications per second (median over rounds). */
  full: number;
  bare: number;
}

/** Verifications/s of the full check and of a bare jwtVerify, per algorithm. */
export async function benchTokenCheck(issuer: LocalIssuer, rounds = 9, ms = 250): Promise<TokenCheckRow[]> {
  const verifier = createAccessTokenVerifier({ issuer: issuer.issuer, audience: issuer.audience });
  const jwks = createRemoteJWKSet(new URL(`${issuer.issuer}/jwks`));
  const url = "http://localhost/transfers";
  const rows: TokenCheckRow[] = [];
  for (const alg of ["RS256", "ES256"] as const) {
    const token = await issuer.mint(alg);
    const full = async () => {
      // As api/routes/context.ts does: the API hands oauth4webapi a fetch Request.
      const verified = await verifier.verify(new Request(url, { method: "POST", headers: { authorization: `Bearer ${token}` } }));
      requireScope(verified, SCOPES.transferFunds);
      requireRecentMfa(verified, 300, PROFILES.auth0);
    };
    const bare = () => jwtVerify(token, jwks, { issuer: issuer.issuer, audience: issuer.audience, algorithms: [alg] });
    // First calls fetch discovery and the JWKS; both are cached afterwards.
    await full();
    await bare();
    const measured = await interleaved({ full: () => opsPerSecond(full, ms), bare: () => opsPerSecond(bare, ms) }, rounds);
    rows.push({ alg, full: measured.full.median, bare: measured.bare.median });
  }
  return rows;
}
