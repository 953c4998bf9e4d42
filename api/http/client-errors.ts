import type { Server } from "node:http";
import type { Duplex } from "node:stream";

// A raw HTTP/1.1 answer in the API's JSON error shape, for requests that never reach a handler.
function rawError(socket: Duplex, status: number, reason: string, description: string, extraHeaders = ""): void {
  const body = JSON.stringify({ error: "invalid_request", error_description: description });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nCache-Control: no-store\r\n` +
      `X-Content-Type-Options: nosniff\r\n${extraHeaders}Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/**
 * Gives the requests Node's HTTP parser refuses (malformed HTTP, oversized headers, CONNECT) the API's JSON error
 * body instead of an empty 400 or a silently closed connection. Per Node's documentation, a socket that is gone or
 * no longer writable is left alone.
 */
export function answerMalformedRequests(server: Server): void {
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === "ECONNRESET" || !socket.writable) {
      socket.destroy();
      return;
    }
    if (error.code === "HPE_HEADER_OVERFLOW") return rawError(socket, 431, "Request Header Fields Too Large", "The request headers are too large.");
    if (error.code === "ERR_HTTP_REQUEST_TIMEOUT") return rawError(socket, 408, "Request Timeout", "The request took too long to arrive.");
    rawError(socket, 400, "Bad Request", "The request is not valid HTTP/1.1.");
  });
  // CONNECT asks for a tunnel, which this API never opens.
  server.on("connect", (_req, socket: Duplex) =>
    rawError(socket, 405, "Method Not Allowed", "This API does not open tunnels (CONNECT).", "Allow: GET, POST\r\n"),
  );
}
