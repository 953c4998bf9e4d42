/**
 * Every post-sign-in, post-step-up and post-logout destination inside the app goes through this file: a
 * client-supplied `returnTo` is reduced to a local path once (`safeReturnTo`), and whatever path is about to
 * become a `Location` is checked again right there (`localRedirectUrl`). Invariant, property-tested in
 * return-to.test.ts: for any input string, the URL handed to a Location header is on the app's origin.
 */

/** Where to land when `returnTo` is missing or unsafe. */
export const DEFAULT_RETURN_TO = "/";

/** Longer values are refused rather than trimmed: a cut path is a different path. */
export const MAX_RETURN_TO_LENGTH = 2048;

// Any fixed origin will do for resolving a path; the app's own origin is applied when the Location is built.
const PROBE_ORIGIN = "http://return-to.invalid";

// A local path: one leading slash not followed by another or a backslash, then printable ASCII without spaces.
// URL parsers disagree about backslashes, tabs, newlines and non-ASCII, so none of them may appear at all.
const LOCAL_PATH = /^\/(?![/\\])[\x21-\x5b\x5d-\x7e]*$/;

/**
 * True when `value` is a canonical local path: it resolves on any origin to that same origin, and a WHATWG URL
 * parser reads it back unchanged (no dot segments, no authority, nothing a browser would rewrite).
 */
export function isLocalPath(value: string): boolean {
  if (value.length > MAX_RETURN_TO_LENGTH || !LOCAL_PATH.test(value)) return false;
  const url = new URL(value, PROBE_ORIGIN);
  return url.origin === PROBE_ORIGIN && `${url.pathname}${url.search}${url.hash}` === value;
}

// Before parsing: only something that starts as a path, with no character a parser would drop or reinterpret.
const PATH_START = /^\/(?![/\\])/;
const NEVER_IN_A_PATH = /[\p{Cc}\\]/u;

/**
 * Reduces a client-supplied `returnTo` to a canonical same-origin path (path, query and fragment), or the default.
 * Dot segments are resolved first and the result checked after, which is what stops `/.//evil.example`.
 */
export function safeReturnTo(raw: string | null | undefined): string {
  if (!raw || raw.length > MAX_RETURN_TO_LENGTH || !PATH_START.test(raw) || NEVER_IN_A_PATH.test(raw)) return DEFAULT_RETURN_TO;
  const url = new URL(raw, PROBE_ORIGIN);
  if (url.origin !== PROBE_ORIGIN) return DEFAULT_RETURN_TO;
  // Auth routes as a destination would loop.
  if (url.pathname === "/auth" || url.pathname.startsWith("/auth/")) return DEFAULT_RETURN_TO;
  const path = `${url.pathname}${url.search}${url.hash}`;
  return isLocalPath(path) ? path : DEFAULT_RETURN_TO;
}

/**
 * The absolute URL for a `Location` header that must stay in the app: `path` is checked again here, at the
 * last moment, so a value that went wrong anywhere upstream lands on the home page instead of another site.
 */
export function localRedirectUrl(path: string, appBaseUrl: string): URL {
  const { origin } = new URL(appBaseUrl);
  const url = new URL(isLocalPath(path) ? path : DEFAULT_RETURN_TO, origin);
  return url.origin === origin ? url : new URL(DEFAULT_RETURN_TO, origin);
}
