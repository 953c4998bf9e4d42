/**
 * A local stand-in for the IdP, like api/test-support/fake-issuer.ts but with one RS256 and one ES256 key:
 * discovery and JWKS over HTTP, and a minter of RFC 9068 transfer tokens. Bench only.
 */
import { createServer } from "node:http";
import { type CryptoKey, exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from "jose";
import { ACR_MFA, AMR, DEFAULT_API_AUDIENCE, SCOPES } from "../../common/step-up";

export type SigningAlg = "RS256" | "ES256";

/** A running local issuer. */
export interface LocalIssuer {
  issuer: string;
  audience: string;
  /** A fresh MFA transfer token for `sub` (unique jti), signed with `alg`. */
  mint(alg: SigningAlg, claims?: JWTPayload): Promise<string>;
  stop(): Promise<void>;
}

/** Starts the issuer on 127.0.0.1:`port`. */
export async function startLocalIssuer(port: number, audience = DEFAULT_API_AUDIENCE): Promise<LocalIssuer> {
  const keys = new Map<SigningAlg, { kid: string; privateKey: CryptoKey; publicJwk: JWK }>();
  for (const alg of ["RS256", "ES256"] as const) {
    const { privateKey, publicKey } = await generateKeyPair(alg);
    const kid = `bench-${alg.toLowerCase()}`;
    keys.set(alg, { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: "sig" } });
  }
  const issuer = `http://127.0.0.1:${port}`;
  const server = createServer((req, res) => {
    res.setHeader("content-type", "application/json");
    if (req.url === "/.well-known/openid-configuration") {
      res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks`, authorization_endpoint: `${issuer}/auth`, token_endpoint: `${issuer}/token` }));
    } else if (req.url === "/jwks") {
      res.end(JSON.stringify({ keys: [...keys.values()].map((k) => k.publicJwk) }));
    } else {
      res.writeHead(404).end("{}");
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });

  return {
    issuer,
    audience,
    async mint(alg, claims = {}) {
      const key = keys.get(alg);
      if (!key) throw new Error(`no ${alg} key`);
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({
        client_id: "fabrikam-intranet",
        scope: `openid ${SCOPES.transferFunds}`,
        acr: ACR_MFA,
        amr: [AMR.password, AMR.oneTimePassword, AMR.multiFactor],
        auth_time: now - 5,
        ...claims,
      })
        .setProtectedHeader({ alg, typ: "at+jwt", kid: key.kid })
        .setIssuer(issuer)
        .setAudience(audience)
        .setSubject(typeof claims.sub === "string" ? claims.sub : "alice")
        .setJti(crypto.randomUUID())
        .setIssuedAt(now)
        .setExpirationTime(now + 300)
        .sign(key.privateKey);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
