/**
 * The IdP's last error handler: what a client's request broke (percent-decoding in the path, a body too large, in an
 * unsupported encoding or charset, unreadable) is answered with its 4xx status and a sentence a person can act on,
 * as an HTML page or, for scripts that ask for JSON, `{ error, error_description }`. Anything else is our fault: a
 * 500 with a plain sentence, the detail in the log only. No response ever carries a stack trace.
 */
import type { ErrorRequestHandler, Request, Response } from "express";
import { messagePage } from "./views/message";

/** What the client is told: a stable code for logs and scripts, a sentence for people. */
export interface RequestError {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly message: string;
}

// By body-parser's / raw-body's `type`: the failures of reading a request body.
const BODY_ERRORS: Readonly<Record<string, Omit<RequestError, "status">>> = {
  "entity.too.large": {
    code: "payload_too_large",
    title: "Form too large",
    message: "What was sent is larger than this page accepts. Go back, check what you entered, and send it again.",
  },
  "parameters.too.many": {
    code: "payload_too_large",
    title: "Form too large",
    message: "The form had far more fields than this page has. Go back and send the page's own form.",
  },
  "encoding.unsupported": {
    code: "unsupported_encoding",
    title: "Unsupported form",
    message: "The form was sent compressed in a way this server does not accept. Send it again without compression.",
  },
  "charset.unsupported": {
    code: "unsupported_charset",
    title: "Unsupported form",
    message: "The form was sent in a character set this server does not accept. Send it again as UTF-8.",
  },
};

const MALFORMED_URL: Omit<RequestError, "status"> = {
  code: "malformed_url",
  title: "Address not valid",
  message: "This address is not valid: it contains a malformed %-encoded character. Check the link you followed, or go back and try again.",
};

const NOT_FOUND: Omit<RequestError, "status"> = {
  code: "not_found",
  title: "Page not found",
  message: "There is nothing at this address. Check the link you followed.",
};

const BAD_REQUEST: Omit<RequestError, "status"> = {
  code: "bad_request",
  title: "Request not valid",
  message: "This request could not be read. Go back and try again.",
};

const SERVER_ERROR: RequestError = {
  status: 500,
  code: "server_error",
  title: "Sign-in problem",
  message: "Something went wrong on our side. Go back and try again; if it keeps happening, restart the sign-in from the application.",
};

function clientStatusOf(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { status, statusCode } = error as { status?: unknown; statusCode?: unknown };
  const value = typeof status === "number" ? status : statusCode;
  return typeof value === "number" && Number.isInteger(value) && value >= 400 && value < 500 ? value : undefined;
}

/** The answer for `error`, or undefined when it is not the client's doing (a 500 then). */
export function classifyRequestError(error: unknown): RequestError | undefined {
  const status = clientStatusOf(error);
  if (status === undefined) return undefined;
  // The router marks a path parameter it could not percent-decode with status 400.
  if (error instanceof URIError) return { status, ...MALFORMED_URL };
  const type = (error as { type?: unknown }).type;
  const known = typeof type === "string" ? BODY_ERRORS[type] : undefined;
  if (known) return { status, ...known };
  if (status === 404) return { status, ...NOT_FOUND };
  return { status, ...BAD_REQUEST };
}

/** Scripts (the waiting page's poll, the device page's refresh) ask for JSON; browsers navigating get a page. */
function wantsJson(req: Request): boolean {
  return req.accepts(["html", "json"]) === "json";
}

function send(req: Request, res: Response, answer: RequestError): void {
  res.status(answer.status);
  if (wantsJson(req)) res.json({ error: answer.code, error_description: answer.message });
  else res.type("html").send(messagePage(answer.title, answer.message));
}

/** Mount last, after oidc-provider (whose own errors it never sees). */
export function requestErrorHandler(): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) return next(error);
    const answer = classifyRequestError(error);
    // req.originalUrl may hold anything the client sent; JSON.stringify keeps the log line one line.
    const where = `${req.method} ${JSON.stringify(req.originalUrl.slice(0, 200))}`;
    if (answer) {
      console.log(`idp request refused: ${answer.status} ${answer.code} ${where}`);
      send(req, res, answer);
      return;
    }
    console.error(`idp error: ${where}`, error);
    send(req, res, SERVER_ERROR);
  };
}
