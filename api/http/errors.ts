import type { ServerResponse } from "node:http";
import type { RefusalReason } from "../../common/api-refusals";

/** Options of an ApiError beyond its status, code and human description. */
export interface ApiErrorOptions {
  /** Extra response headers, e.g. WWW-Authenticate or Allow. */
  headers?: Record<string, string>;
  /** Detail for the logs only (never sent to the client). */
  logDetail?: string;
  /** Machine-readable refinement of `code`, sent as `reason` (common/api-refusals.ts). */
  reason?: RefusalReason;
  /** Further members of the JSON body for programs, e.g. `differing: ["amount"]`; never overrides the three above. */
  extra?: Readonly<Record<string, readonly string[]>>;
  cause?: unknown;
}

/**
 * An error that maps straight to an HTTP answer: `code` is stable (logs, clients branch on it),
 * `description` is a plain sentence for people, sent as `error_description`.
 */
export class ApiError extends Error {
  readonly headers: Record<string, string>;
  readonly logDetail: string | undefined;
  readonly reason: RefusalReason | undefined;
  readonly extra: Readonly<Record<string, readonly string[]>>;

  constructor(
    readonly status: number,
    readonly code: string,
    readonly description: string,
    options: ApiErrorOptions = {},
  ) {
    super(description, { cause: options.cause });
    this.name = "ApiError";
    this.headers = options.headers ?? {};
    this.logDetail = options.logDetail;
    this.reason = options.reason;
    this.extra = options.extra ?? {};
  }
}

/** 400 for a request the API cannot act on; `description` names the field and the problem. */
export function invalidRequest(description: string): ApiError {
  return new ApiError(400, "invalid_request", description);
}

/** 404 that never says whether the thing exists for someone else. */
export function notFound(description = "Nothing here."): ApiError {
  return new ApiError(404, "not_found", description);
}

/** 503 while the identity provider cannot be reached; the next request tries again. */
export function identityProviderUnavailable(cause: unknown): ApiError {
  return new ApiError(503, "temporarily_unavailable", "The identity provider could not be reached to check the access token. Try again shortly.", {
    headers: { "Retry-After": "5" },
    logDetail: cause instanceof Error ? cause.message : String(cause),
    cause,
  });
}

/** Headers every answer carries: JSON, never cached (balances and tokens are per-user and live). */
const BASE_HEADERS = {
  "Content-Type": "application/json; charset=utf-8",
  "Cache-Control": "no-store",
  "X-Content-Type-Options": "nosniff",
} as const;

/** Writes a JSON answer with the API's standard headers. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { ...BASE_HEADERS, ...headers, "Content-Length": Buffer.byteLength(payload) });
  res.end(payload);
}

/** Writes an ApiError as `{ error, error_description, reason?, ...extra }` with its headers. */
export function sendError(res: ServerResponse, error: ApiError): void {
  const body = { ...error.extra, error: error.code, error_description: error.description, ...(error.reason ? { reason: error.reason } : {}) };
  sendJson(res, error.status, body, error.headers);
}
