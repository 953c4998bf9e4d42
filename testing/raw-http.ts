/**
 * Requests exactly as written, for hostile-input tests: any method, any path bytes the HTTP client lets through
 * (malformed %-encoding included), any headers and body. fetch() would normalise or refuse several of these.
 */
import http from "node:http";

export interface RawRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The body as latin1, so every byte survives for inspection. */
  body: string;
}

/** Sends `request` to `origin` (e.g. http://localhost:4000) on a fresh connection. */
export function sendRaw(origin: string, request: RawRequest): Promise<RawResponse> {
  const url = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, method: request.method, path: request.path, headers: request.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("latin1") }));
        res.on("error", reject);
      },
    );
    // A server may answer (413, 404) and close before it reads a big body: that answer, if it arrives, is what counts.
    req.on("error", (error: NodeJS.ErrnoException) => {
      if (!closedWithoutAnswer(error)) return reject(error);
      req.once("close", () => setTimeout(() => reject(error), 200).unref());
    });
    req.end(request.body);
  });
}

/** The server closed the connection before its answer could be read (it may refuse a big body it will not read). */
export function closedWithoutAnswer(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === "EPIPE" || code === "ECONNRESET";
}

/** What gives a stack trace away in a response body: frames, source paths, dependency folders. */
export const STACK_TRACE = /\bat [^\s()]+(?: \[as [^\]]+\])? \([^()]*:\d+:\d+\)|\bat (?:file:\/\/)?\/\S+:\d+:\d+|node_modules|\.[cm]?[jt]s:\d+:\d+/;

/**
 * What is wrong with an answer to client input (a 5xx, a stack trace, a refusal that does not say why), or undefined.
 * A refusal with a body must be a JSON error with a code, an HTML page with an alert of a sentence, or plain text.
 */
export function problemWithAnswer(response: { status: number; body: string; contentType: string }): string | undefined {
  if (response.status >= 500) return `status ${response.status}: ${response.body.replace(/\s+/g, " ").slice(0, 200)}`;
  if (STACK_TRACE.test(response.body)) return `a stack trace in the body: ${STACK_TRACE.exec(response.body)?.[0]}`;
  if (response.status < 400 || response.body.length === 0) return undefined;
  if (response.contentType.startsWith("application/json")) {
    const body = JSON.parse(response.body) as { error?: unknown };
    return typeof body.error === "string" ? undefined : `a JSON ${response.status} without an error code`;
  }
  if (response.contentType.startsWith("text/html")) {
    return /role="alert"[^>]*>[^<]{10,}</.test(response.body) ? undefined : `an HTML ${response.status} that does not say what went wrong`;
  }
  return response.contentType.startsWith("text/plain") ? undefined : `a ${response.status} as ${response.contentType}`;
}
