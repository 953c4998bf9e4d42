/** Where to land when `returnTo` is missing or unsafe. */
export const DEFAULT_RETURN_TO = "/";

// Control characters and backslashes have no business in a path and are how header injection and `/\evil` start.
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f\\]/;

/**
 * Reduces a client-supplied `returnTo` to a same-origin path (path + query + hash), or the default.
 * Open-redirect defence: only a single leading slash, resolved against our own origin, may pass.
 */
export function safeReturnTo(raw: string | null | undefined, appBaseUrl: string): string {
  if (!raw || raw.length > 2048) return DEFAULT_RETURN_TO;
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return DEFAULT_RETURN_TO;
  }
  for (const candidate of [raw, decoded]) {
    if (!candidate.startsWith("/") || candidate.startsWith("//") || UNSAFE_CHARACTERS.test(candidate)) return DEFAULT_RETURN_TO;
  }
  const origin = new URL(appBaseUrl).origin;
  const resolved = new URL(raw, origin);
  if (resolved.origin !== origin) return DEFAULT_RETURN_TO;
  // Auth routes as a destination would loop.
  if (resolved.pathname.startsWith("/auth/")) return DEFAULT_RETURN_TO;
  return `${resolved.pathname}${resolved.search}${resolved.hash}`;
}
