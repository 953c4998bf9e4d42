import "server-only";
import * as client from "openid-client";
import { config } from "@/lib/config";
import { AuthError } from "./errors";

let discovered: Promise<client.Configuration> | undefined;

const isLoopback = (host: string) => host === "localhost" || host === "127.0.0.1" || host === "[::1]";

async function discover(): Promise<client.Configuration> {
  const { OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET } = config();
  const issuer = new URL(OIDC_ISSUER);
  // openid-client refuses http:// issuers; a local dev IdP is the one place that is acceptable.
  const insecure = issuer.protocol === "http:" && isLoopback(issuer.hostname);
  const configuration = await client.discovery(
    issuer,
    OIDC_CLIENT_ID,
    // Pin the ID token algorithm: tokens signed any other way (including "none") are refused.
    { id_token_signed_response_alg: "RS256" },
    client.ClientSecretBasic(OIDC_CLIENT_SECRET),
    { execute: insecure ? [client.allowInsecureRequests] : [], timeout: 5 },
  );
  // ID tokens from the token endpoint are not signature-checked by default; this is a reference app, so check them.
  client.enableNonRepudiationChecks(configuration);
  return configuration;
}

/** The provider's configuration from discovery, fetched once; a failure is not cached so the app recovers. */
export function oidcConfiguration(): Promise<client.Configuration> {
  discovered ??= discover().catch((error: unknown) => {
    discovered = undefined;
    throw new AuthError("idp_unavailable", error instanceof Error ? error.message : String(error));
  });
  return discovered;
}
