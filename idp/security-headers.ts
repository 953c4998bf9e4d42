import { createHash } from "node:crypto";
import { STYLES } from "./views/layout";

// The pages' one inline <style> is a constant, so it is allowed by its hash rather than 'unsafe-inline'.
const STYLE_HASH = `'sha256-${createHash("sha256").update(STYLES).digest("base64")}'`;

/**
 * Headers for every IdP response. Scripts are files under /static (no inline script, no nonce needed);
 * forms may post to the IdP and be redirected on to the registered apps (browsers apply form-action to redirects).
 */
export function idpSecurityHeaders(appOrigins: readonly string[]): Record<string, string> {
  const csp = [
    "default-src 'none'",
    "script-src 'self'",
    `style-src ${STYLE_HASH}`,
    "img-src 'self' data:",
    "connect-src 'self'",
    `form-action 'self' ${appOrigins.join(" ")}`.trim(),
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join("; ");
  return {
    "Content-Security-Policy": csp,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
  };
}
