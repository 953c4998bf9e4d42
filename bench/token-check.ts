/**
 * Figure 2: the API's whole access-token check (api/auth/verify-access-token.ts: RFC 9068 validation with a
 * cached JWKS, then the transfer route's scope and MFA-freshness policy) against a bare `jose.jwtVerify` of
 * the same token with a cached remote JWKS. RS256 and ES256, one process, the two alternating in small blocks.
 */
import { createRemoteJWKSet, jwtVerify } from "jose";
import { requireRecentMfa, requireScope } from "../api/auth/step-up-policy";
import { createAccessTokenVerifier } from "../api/auth/verify-access-token";
import { PROFILES } from "../common/profiles";
import { SCOPES } from "../common/step-up";
import type { LocalIssuer, SigningAlg } from "./support/local-issuer";
import { paired } from "./support/stats";

export interface TokenCheckRow {
  alg: SigningAlg;
  /** Checks in flight at once: 1 is one request after another (latency), more is a busy server (throughput). */
  concurrency: number;
  /** Verifications per second (median over rounds). */
  full: number;
  bare: number;
  /** full/bare, the median of the per-round ratios. */
  ratio: number;
}

/** Checks in flight in the busy-server rows: enough to keep libuv's four crypto threads and the main thread busy. */
export const BUSY_CONCURRENCY = 8;

/** Verifications/s of the full check and of a bare jwtVerify, per algorithm, one at a time and as a busy server. */
export async function benchTokenCheck(issuer: LocalIssuer, rounds = 15, ms = 400): Promise<TokenCheckRow[]> {
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
    // The first calls fetch discovery and the JWKS (cached afterwards); the rest warm both paths up.
    for (let i = 0; i < 500; i++) {
      await full();
      await bare();
    }
    for (const concurrency of [1, BUSY_CONCURRENCY]) {
      const measured = await paired(full, bare, { rounds, ms, concurrency });
      rows.push({ alg, concurrency, full: measured.a, bare: measured.b, ratio: measured.ratio });
    }
  }
  return rows;
}
