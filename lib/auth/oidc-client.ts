import "server-only";
import * as client from "openid-client";
import { isLoopbackUrl } from "@/common/loopback";
import { config } from "@/lib/config";
import { AuthError } from "./errors";

/** What the relying party needs to know about its provider registration. */
export interface ProviderRegistration {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Seconds before discovery and token requests give up. */
  readonly timeout?: number;
}

/** The one ID token signing algorithm accepted; anything else, including "none", is refused. */
export const ID_TOKEN_ALG = "RS256";

/**
 * Discovers the provider and returns a configuration that verifies every ID token signature against the
 * provider's JWKS. Exported for the protocol tests, which run it against a provider they control.
 */
export async function discoverProvider(registration: ProviderRegistration): Promise<client.Configuration> {
  const issuer = new URL(registration.issuer);
  // openid-client refuses http:// issuers; a local dev IdP is the one place that is acceptable.
  const insecure = issuer.protocol === "http:" && isLoopbackUrl(issuer);
  const configuration = await client.discovery(
    issuer,
    registration.clientId,
    // Pin the ID token algorithm: tokens signed any other way (including "none") are refused.
    { id_token_signed_response_alg: ID_TOKEN_ALG },
    client.ClientSecretBasic(registration.clientSecret),
    { execute: insecure ? [client.allowInsecureRequests] : [], timeout: registration.timeout ?? 5 },
  );
  // ID tokens from the token endpoint are not signature-checked by default; this is a reference app, so check them.
  client.enableNonRepudiationChecks(configuration);
  return configuration;
}

// Per module layer on purpose: Next.js bundles openid-client once per layer, and a Configuration made in one
// layer fails the `instanceof` checks of another's copy. A few extra discovery requests are the price.
let discovered: Promise<client.Configuration> | undefined;

function discover(): Promise<client.Configuration> {
  const { issuer, clientId, clientSecret } = config();
  return discoverProvider({ issuer, clientId, clientSecret });
}

/** The provider's configuration from discovery, fetched once; a failure is not cached so the app recovers. */
export function oidcConfiguration(): Promise<client.Configuration> {
  discovered ??= discover().catch((error: unknown) => {
    discovered = undefined;
    throw new AuthError("idp_unavailable", error instanceof Error ? error.message : String(error));
  });
  return discovered;
}
