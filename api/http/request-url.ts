import { invalidRequest } from "./errors";

/**
 * The URL a request was made to as its client saw it: this API's public origin (API_PUBLIC_URL) followed by the
 * request's path and query. Never built from the Host header, which any client can set and a proxy rewrites: a
 * DPoP proof's `htu` is compared with this URL, so its scheme and host are really checked, behind TLS or a proxy
 * too. Throws 400 for a request target that is not a path on this API.
 */
export function publicRequestUrl(publicOrigin: string, target: string | undefined): URL {
  const raw = target ?? "/";
  let path = raw;
  if (!raw.startsWith("/")) {
    // Absolute-form (RFC 9112 §3.2.2) is fine when it names this API; "*" and anything else are not paths here.
    let absolute: URL | undefined;
    try {
      absolute = new URL(raw);
    } catch {
      absolute = undefined;
    }
    if (absolute?.origin !== publicOrigin) throw invalidRequest(`The request target must be a path on ${publicOrigin}, such as /accounts.`);
    path = `${absolute.pathname}${absolute.search}`;
  }
  // Concatenated, not resolved: a target such as //evil.example/x stays a path on this origin.
  try {
    return new URL(`${publicOrigin}${path}`);
  } catch {
    throw invalidRequest("The request target is not a valid path.");
  }
}
