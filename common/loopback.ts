/** Hosts that name this machine: the one place plain http:// is acceptable (development, tests). */
export const LOOPBACK_HOSTS: readonly string[] = ["localhost", "127.0.0.1", "[::1]"];

/** True when `url` is served from this machine. */
export function isLoopbackUrl(url: URL): boolean {
  return LOOPBACK_HOSTS.includes(url.hostname);
}

/** True when talking to `url` may use plain http: it already is https, or it is on this machine. */
export function httpsUnlessLoopback(url: URL): boolean {
  return url.protocol === "https:" || isLoopbackUrl(url);
}
