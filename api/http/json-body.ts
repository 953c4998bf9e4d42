import type { IncomingMessage } from "node:http";
import { ApiError, invalidRequest } from "./errors";

/** Largest request body the API reads (a transfer is well under 1 KB). */
export const MAX_BODY_BYTES = 4096;

function tooLarge(): ApiError {
  return new ApiError(413, "invalid_request", `The request body must not exceed ${MAX_BODY_BYTES} bytes.`, {
    headers: { Connection: "close" },
  });
}

/**
 * Reads a small `application/json` body and parses it. Refuses other media types (415),
 * bodies over `limit` bytes (413, without buffering them) and malformed JSON (400).
 */
export async function readJsonBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<unknown> {
  const mediaType = (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase();
  if (mediaType !== "application/json") {
    throw new ApiError(415, "invalid_request", "The request body must be JSON (Content-Type: application/json).", {
      headers: { Accept: "application/json" },
    });
  }
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge();

  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > limit) throw tooLarge();
    chunks.push(buffer);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw invalidRequest("The request body is not valid JSON.");
  }
}
