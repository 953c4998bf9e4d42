/**
 * oidc-provider's outgoing requests (configuration `fetch`). It pins them to a dispatcher that refuses loopback and
 * private addresses (SSRF protection), which would also refuse a dev intranet on localhost. Only the back-channel
 * logout URI the operator configured, and only on this machine, goes without it; every other request keeps it.
 */
import { isLoopbackUrl } from "../common/loopback";

type ProviderFetch = (url: string, options: RequestInit & { dispatcher?: unknown }) => Promise<Response>;

/** The `fetch` option for oidc-provider: `trustedLoopbackUri` (a loopback URL or nothing) may be reached without the SSRF guard. */
export function outgoingFetch(trustedLoopbackUri: string): ProviderFetch {
  const trusted = new URL(trustedLoopbackUri);
  const exempt = isLoopbackUrl(trusted) ? trusted.href : undefined;
  return (url, options) => {
    if (exempt !== undefined && new URL(url).href === exempt) {
      const { dispatcher: _guard, ...plain } = options;
      return fetch(url, plain);
    }
    return fetch(url, options);
  };
}
