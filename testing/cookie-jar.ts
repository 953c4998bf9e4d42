/**
 * A tiny cookie jar for one host, enough to carry the IdP's session across
 * scripted requests (name + path; no domain, expiry beyond deletion, or Secure).
 */

export interface StoredCookie {
  name: string;
  value: string;
  path: string;
}

/** Cookies are plain data, so a caller can pass them back for a second flow. */
export type CookieJar = StoredCookie[];

/** Applies a response's Set-Cookie headers to the jar (returns a new jar). */
export function storeCookies(jar: CookieJar, response: Response, requestUrl: URL): CookieJar {
  let next = [...jar];
  for (const header of response.headers.getSetCookie()) {
    const [pair = "", ...attributes] = header.split(";").map((part) => part.trim());
    const eq = pair.indexOf("=");
    if (eq <= 0) continue;
    const name = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    const attribute = (key: string) => attributes.find((a) => a.toLowerCase().startsWith(`${key}=`))?.slice(key.length + 1);
    const path = attribute("path") ?? defaultPath(requestUrl);
    const expires = attribute("expires");
    const maxAge = attribute("max-age");
    const deleted = value === "" || (maxAge !== undefined && Number(maxAge) <= 0) || (expires !== undefined && Date.parse(expires) <= Date.now());
    next = next.filter((c) => !(c.name === name && c.path === path));
    if (!deleted) next.push({ name, value, path });
  }
  return next;
}

/** The Cookie header for a request to `url`, or undefined when nothing applies. */
export function cookieHeader(jar: CookieJar, url: URL): string | undefined {
  const matching = jar.filter((c) => pathMatches(c.path, url.pathname));
  // RFC 6265 5.4: longer paths first.
  matching.sort((a, b) => b.path.length - a.path.length);
  return matching.length ? matching.map((c) => `${c.name}=${c.value}`).join("; ") : undefined;
}

function pathMatches(cookiePath: string, requestPath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith("/") || requestPath[cookiePath.length] === "/";
}

function defaultPath(url: URL): string {
  const path = url.pathname;
  const slash = path.lastIndexOf("/");
  return slash <= 0 ? "/" : path.slice(0, slash);
}
