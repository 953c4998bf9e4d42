/**
 * A tiny OpenID Provider for relying-party conformance tests: it serves discovery, a JWKS and a token
 * endpoint, and its token endpoint returns whatever ID token the test minted — good, forged or broken.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from "jose";

export interface SigningKey {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
}

/** A fresh RS256 key with a public JWK ready for the JWKS. */
export async function newSigningKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair("RS256");
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" } };
}

export interface HostileProvider {
  readonly issuer: string;
  /** Keys published at jwks_uri; replace to rotate. */
  jwks: JWK[];
  /** The ID token the next token request returns. */
  nextIdToken: string;
  /** Whether discovery advertises RFC 9207 `authorization_response_iss_parameter_supported`. */
  advertisesIss: boolean;
  /** How many times the JWKS was fetched. */
  readonly jwksFetches: number;
  /** Signs claims as this provider would, with sensible defaults the caller can override or delete (undefined). */
  mint(key: SigningKey, claims: Record<string, unknown>, header?: { alg?: string; kid?: string }): Promise<string>;
  close(): Promise<void>;
}

/** Starts the provider on a free loopback port. */
export async function startHostileProvider(clientId: string): Promise<HostileProvider> {
  let jwksFetches = 0;
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", provider.issuer).pathname;
    const json = (body: unknown) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (path === "/.well-known/openid-configuration") {
      return json({
        issuer: provider.issuer,
        authorization_endpoint: `${provider.issuer}/auth`,
        token_endpoint: `${provider.issuer}/token`,
        jwks_uri: `${provider.issuer}/jwks`,
        response_types_supported: ["code"],
        subject_types_supported: ["public"],
        id_token_signing_alg_values_supported: ["RS256"],
        ...(provider.advertisesIss ? { authorization_response_iss_parameter_supported: true } : {}),
      });
    }
    if (path === "/jwks") {
      jwksFetches += 1;
      return json({ keys: provider.jwks });
    }
    if (path === "/token" && req.method === "POST") {
      req.resume();
      return req.on("end", () =>
        json({ access_token: "opaque-access-token", token_type: "Bearer", expires_in: 300, id_token: provider.nextIdToken }),
      );
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  const provider: HostileProvider = {
    issuer: `http://localhost:${port}`,
    jwks: [],
    nextIdToken: "",
    advertisesIss: true,
    get jwksFetches() {
      return jwksFetches;
    },
    async mint(key, claims, header) {
      const now = Math.floor(Date.now() / 1000);
      const payload: Record<string, unknown> = { iss: provider.issuer, aud: clientId, sub: "alice", iat: now, exp: now + 300, ...claims };
      for (const [name, value] of Object.entries(payload)) if (value === undefined) delete payload[name];
      return new SignJWT(payload as JWTPayload)
        .setProtectedHeader({ alg: header?.alg ?? "RS256", kid: header?.kid ?? key.kid })
        .sign(key.privateKey);
    },
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
  return provider;
}
