import type { IncomingMessage } from "node:http";
import { MIMEType } from "node:util";
import { ApiError, invalidRequest } from "./errors";

/** Largest request body the API reads (a transfer is well under 1 KB). */
export const MAX_BODY_BYTES = 4096;

function tooLarge(): ApiError {
  return new ApiError(413, "invalid_request", `The request body must not exceed ${MAX_BODY_BYTES} bytes.`, {
    headers: { Connection: "close" },
  });
}

// JSON is UTF-8 (RFC 8259 §8.1): a body declared in another charset would be misread, so it is refused.
function isUtf8Json(contentType: string | undefined): boolean {
  let type: MIMEType;
  try {
    type = new MIMEType(contentType ?? "");
  } catch {
    return false;
  }
  const charset = type.params.get("charset");
  return type.essence === "application/json" && (charset === null || charset.toLowerCase() === "utf-8");
}

/**
 * Reads a small `application/json` body and parses it. Refuses other media types and charsets (415),
 * bodies over `limit` bytes (413, without buffering them) and malformed JSON (400).
 */
export async function readJsonBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<unknown> {
  if (!isUtf8Json(req.headers["content-type"])) {
    throw new ApiError(415, "invalid_request", "The request body must be JSON in UTF-8 (Content-Type: application/json).", {
      headers: { Accept: "application/json" },
    });
  }
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge();

  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
      size += buffer.length;
      if (size > limit) throw tooLarge();
      chunks.push(buffer);
    }
  } catch (error) {
    // The client went away mid-body (Node's "aborted", ECONNRESET): its fault, not a server error.
    if ((error as NodeJS.ErrnoException).code === "ECONNRESET") throw invalidRequest("The request body ended before its declared length.");
    throw error;
  }
  const text = Buffer.concat(chunks).toString("utf8");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw invalidRequest("The request body is not valid JSON.");
  }
}
