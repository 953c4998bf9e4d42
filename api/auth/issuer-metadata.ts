import * as oauth from "oauth4webapi";
import { isLoopbackUrl } from "../../common/loopback";

/** Raised when the identity provider (discovery or JWKS) cannot be reached or answers badly. */
export class IdentityProviderUnreachableError extends Error {
  readonly code = "idp_unreachable";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "IdentityProviderUnreachableError";
  }
}

/** The fetch the verifier uses; tests may pass their own. */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/**
 * Wraps fetch so that network failures and non-2xx answers from the IdP surface as
 * IdentityProviderUnreachableError (the API answers 503, not 401, for those).
 */
export function idpFetch(fetchImpl: FetchLike = fetch): FetchLike {
  return async (input, init) => {
    let response: Response;
    try {
      response = await fetchImpl(input, init);
    } catch (cause) {
      throw new IdentityProviderUnreachableError(`Request to ${input} failed`, { cause });
    }
    if (!response.ok) {
      throw new IdentityProviderUnreachableError(`${input} answered HTTP ${response.status}`);
    }
    return response;
  };
}

/** Loads the issuer's metadata on first use and keeps it; a failure is not cached. */
export interface IssuerMetadataLoader {
  get(): Promise<oauth.AuthorizationServer>;
}

/** Creates a lazy discovery loader: the IdP may start after the API, so nothing is fetched at start. */
export function createIssuerMetadataLoader(issuer: string, fetchImpl: FetchLike): IssuerMetadataLoader {
  const issuerUrl = new URL(issuer);
  // oauth4webapi refuses http:// unless told; config already limits http to local issuers.
  const allowInsecure = issuerUrl.protocol === "http:" && isLoopbackUrl(issuerUrl);
  let pending: Promise<oauth.AuthorizationServer> | undefined;

  async function discover(): Promise<oauth.AuthorizationServer> {
    try {
      const response = await oauth.discoveryRequest(issuerUrl, {
        [oauth.customFetch]: fetchImpl,
        [oauth.allowInsecureRequests]: allowInsecure,
        signal: AbortSignal.timeout(5000),
      });
      const as = await oauth.processDiscoveryResponse(issuerUrl, response);
      if (!as.jwks_uri) throw new Error("The issuer's metadata has no jwks_uri");
      return as;
    } catch (cause) {
      if (cause instanceof IdentityProviderUnreachableError) throw cause;
      throw new IdentityProviderUnreachableError(`Discovery for ${issuer} failed`, { cause });
    }
  }

  return {
    get() {
      // Concurrent first requests share one discovery; a failed one is forgotten so the next retries.
      pending ??= discover().catch((error: unknown) => {
        pending = undefined;
        throw error;
      });
      return pending;
    },
  };
}
