import "server-only";
import type * as client from "openid-client";
import { config } from "@/lib/config";
import { discoverProvider } from "./code-exchange";
import { AuthError } from "./errors";

let discovered: Promise<client.Configuration> | undefined;

function discover(): Promise<client.Configuration> {
  const { OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET } = config();
  return discoverProvider({ issuer: OIDC_ISSUER, clientId: OIDC_CLIENT_ID, clientSecret: OIDC_CLIENT_SECRET });
}

/** The provider's configuration from discovery, fetched once; a failure is not cached so the app recovers. */
export function oidcConfiguration(): Promise<client.Configuration> {
  discovered ??= discover().catch((error: unknown) => {
    discovered = undefined;
    throw new AuthError("idp_unavailable", error instanceof Error ? error.message : String(error));
  });
  return discovered;
}
