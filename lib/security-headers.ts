/** Inputs that change the policy: dev mode loosens it for Next's own tools, https turns on HSTS. */
export interface SecurityHeaderOptions {
  readonly nonce: string;
  /** Origin of the identity provider: sign-out is a form post that redirects there. */
  readonly idpOrigin: string;
  readonly https: boolean;
  readonly development: boolean;
}

/** A fresh per-request CSP nonce (128 random bits). */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}

/**
 * Content-Security-Policy with a per-request nonce: only scripts Next.js renders with that nonce run
 * ('strict-dynamic' lets them load their chunks), so injected markup cannot execute script. `next dev` only:
 * React's debugging needs eval, and Next's dev overlay and indicator set inline styles, so style-src drops its
 * nonce there (a nonce makes browsers ignore 'unsafe-inline'). Production keeps the strict policy.
 */
export function contentSecurityPolicy({ nonce, idpOrigin, https, development }: SecurityHeaderOptions): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    development ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    `form-action 'self' ${idpOrigin}`,
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** Every header the intranet sends with its pages, CSP included. */
export function securityHeaders(options: SecurityHeaderOptions): Record<string, string> {
  return {
    "Content-Security-Policy": contentSecurityPolicy(options),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    // HSTS only means something over https; on http://localhost it would be ignored or, worse, stick.
    ...(options.https ? { "Strict-Transport-Security": "max-age=63072000; includeSubDomains" } : {}),
  };
}
