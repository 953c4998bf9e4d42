/**
 * Sends bytes to a server exactly as given (fetch would repair or refuse malformed requests) and reads the answer
 * until the server closes the connection. Tests only.
 */
import { connect } from "node:net";

export interface RawAnswer {
  /** null when the server closed the connection without answering. */
  status: number | null;
  head: string;
  body: string;
}

/**
 * Writes `request`, then collects everything until the server closes the socket or one whole answer has arrived.
 * `halfClose` ends the sending side after the request (for a body shorter than it claims): Node's server then
 * drops a connection whose answer is not written yet, so it is off by default.
 */
export function rawRequest(port: number, request: string | Buffer, options: { halfClose?: boolean } = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: "localhost" });
    const chunks: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      // One answer is enough: the server may keep the connection open after it.
      const text = Buffer.concat(chunks).toString("latin1");
      const end = text.indexOf("\r\n\r\n");
      const length = /\r\ncontent-length: *(\d+)/i.exec(text.slice(0, end))?.[1];
      if (end >= 0 && length !== undefined && Buffer.byteLength(text.slice(end + 4), "latin1") >= Number(length)) socket.destroy();
    });
    socket.on("error", (error: NodeJS.ErrnoException) => (error.code === "ECONNRESET" || error.code === "EPIPE" ? undefined : reject(error)));
    socket.on("close", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const end = text.indexOf("\r\n\r\n");
      const head = end >= 0 ? text.slice(0, end) : text;
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1];
      // The first answer only: a server may refuse bytes that followed it (e.g. a malformed body it never read).
      const length = /\r\ncontent-length: *(\d+)/i.exec(head)?.[1];
      const rest = end >= 0 ? Buffer.from(text.slice(end + 4)) : Buffer.alloc(0);
      const body = (length === undefined ? rest : rest.subarray(0, Number(length))).toString("utf8");
      resolve({ status: status ? Number(status) : null, head, body });
    });
    socket.write(request, () => {
      if (options.halfClose) socket.end();
    });
  });
}
