import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type CryptoKey, exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from "jose";
import { ACR_MFA, AMR, DEFAULT_API_AUDIENCE } from "../../common/step-up";

/** A signing key of the fake issuer. */
export interface TestKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

/** A local stand-in for the IdP: discovery + JWKS over HTTP, and a token minter. Tests only. */
export interface FakeIssuer {
  issuer: string;
  audience: string;
  /** How many times the JWKS was downloaded. */
  jwksFetches(): number;
  /** While false, every request to the issuer fails with 503. */
  setAvailable(available: boolean): void;
  /** Makes a new key, publishes it and signs with it from now on (the old one stays published). */
  rotateKey(): Promise<TestKey>;
  /** A key that is never published. */
  newUnpublishedKey(kid?: string): Promise<TestKey>;
  /** Mints a token; claims default to a fresh MFA access token for alice with transfer:funds. */
  mint(claims?: JWTPayload, options?: { typ?: string | null; key?: TestKey; alg?: string }): Promise<string>;
  stop(): Promise<void>;
}

async function makeKey(kid: string): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair("ES256");
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: "ES256", use: "sig" } };
}

/** Starts a fake issuer on 127.0.0.1 with one ES256 key. */
export async function startFakeIssuer(audience = DEFAULT_API_AUDIENCE): Promise<FakeIssuer> {
  let published: TestKey[] = [await makeKey("key-1")];
  let signing = published[0] as TestKey;
  let fetches = 0;
  let available = true;
  let keyCounter = 1;

  const server = createServer((req, res) => {
    if (!available) {
      res.writeHead(503).end();
      return;
    }
    res.setHeader("content-type", "application/json");
    if (req.url === "/.well-known/openid-configuration") {
      res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks`, authorization_endpoint: `${issuer}/auth`, token_endpoint: `${issuer}/token` }));
    } else if (req.url === "/jwks") {
      fetches += 1;
      res.end(JSON.stringify({ keys: published.map((k) => k.publicJwk) }));
    } else {
      res.writeHead(404).end("{}");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    issuer,
    audience,
    jwksFetches: () => fetches,
    setAvailable: (value) => {
      available = value;
    },
    async rotateKey() {
      keyCounter += 1;
      signing = await makeKey(`key-${keyCounter}`);
      published = [...published, signing];
      return signing;
    },
    newUnpublishedKey: (kid = "unpublished") => makeKey(kid),
    async mint(claims = {}, options = {}) {
      const now = Math.floor(Date.now() / 1000);
      const key = options.key ?? signing;
      return (
        new SignJWT({
          iss: issuer,
          aud: audience,
          sub: "alice",
          client_id: "fabrikam-intranet",
          jti: crypto.randomUUID(),
          iat: now,
          exp: now + 300,
          scope: "openid transfer:funds",
          acr: ACR_MFA,
          amr: [AMR.password, AMR.oneTimePassword],
          auth_time: now - 5,
          ...claims,
        })
          // typ null: no typ header at all.
          .setProtectedHeader({ alg: options.alg ?? "ES256", kid: key.kid, ...(options.typ === null ? {} : { typ: options.typ ?? "at+jwt" }) })
          .sign(key.privateKey)
      );
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
