/**
 * Sends CAEP events as Security Event Tokens (RFC 8417) by push (RFC 8935): one SET per stream that asked for the
 * event type, signed with the IdP's own signing key (the keys at /jwks), `aud` = the stream's audience. The first
 * delivery is awaited, with a timeout, so the page that caused the event answers after the receivers have heard; a
 * failure never blocks the user. A receiver that could not be reached, or answered 5xx or 429, gets the same SET
 * again in the background, with growing waits that end well inside the receiver's acceptance window for a SET's
 * `iat` (the intranet's is five minutes): a revocation is not lost because an instance was restarting. A 4xx is the
 * receiver's considered answer (RFC 8935 §2.3) and is not repeated.
 */
import { randomUUID } from "node:crypto";
import { type CryptoKey, importJWK, type JWK, SignJWT } from "jose";
import { SET_MEDIA_TYPE, SET_TYP } from "../../common/ssf";
import type { Stream, Streams } from "./streams";

/** A receiver that has not answered after this long is logged as not reached. */
export const DELIVERY_TIMEOUT_MS = 5000;

/** Waits before each further attempt at a delivery that failed for a reason that may pass: about two minutes in all. */
export const RETRY_DELAYS_MS: readonly number[] = [1000, 2000, 4000, 8000, 16000, 32000, 64000];

/** SSF 1.0 §3.2: the subject of an event, in the `iss_sub` format (the IdP's own sub). */
export interface IssSubSubject {
  readonly format: "iss_sub";
  readonly iss: string;
  readonly sub: string;
}

/** What a delivery came to, for logs and tests. */
export interface DeliveryOutcome {
  readonly streamId: string;
  readonly status: number | "unreachable";
}

// Worth another try: nobody answered, the receiver failed, or it asked to be given time.
const mayPass = (status: DeliveryOutcome["status"]) => status === "unreachable" || status === 429 || (typeof status === "number" && status >= 500);
const delivered = (status: DeliveryOutcome["status"]) => status === 202 || status === 200;

const nowSeconds = () => Math.floor(Date.now() / 1000);

export class Transmitter {
  private signingKey?: Promise<{ kid: string; alg: string; key: CryptoKey }>;

  constructor(
    readonly issuer: string,
    private readonly jwk: JWK,
    readonly streams: Streams,
    private readonly retryDelaysMs: readonly number[] = RETRY_DELAYS_MS,
  ) {}

  /** The subject `sub` at this issuer. */
  subject(sub: string): IssSubSubject {
    return { format: "iss_sub", iss: this.issuer, sub };
  }

  /** Signs `event` (of type `eventType`) about `subject` for every stream that asked for it, and posts it. */
  async send(eventType: string, subject: IssSubSubject, event: Record<string, unknown>): Promise<DeliveryOutcome[]> {
    const streams = this.streams.requesting(eventType);
    const what = `${eventType.split("/").pop()} for ${subject.sub}`;
    return Promise.all(
      streams.map(async (stream) => {
        const set = await this.sign(stream, eventType, subject, event);
        const outcome = await this.deliver(stream, set);
        const ok = delivered(outcome.status);
        console[ok ? "log" : "error"](`idp ssf: ${what} ${ok ? "delivered" : "not delivered"} on stream ${stream.streamId} (${outcome.status})`);
        if (mayPass(outcome.status)) this.retry(stream, set, what, 0);
        return outcome;
      }),
    );
  }

  // The same SET again (same jti: a receiver that did get an earlier copy refuses this one as a replay), until it
  // is delivered, refused for good, its stream is gone, or the waits run out.
  private retry(stream: Stream, set: string, what: string, attempt: number): void {
    const delay = this.retryDelaysMs[attempt];
    if (delay === undefined) {
      console.error(`idp ssf: ${what} given up on stream ${stream.streamId} after ${attempt + 1} attempts`);
      return;
    }
    const timer = setTimeout(async () => {
      if (!this.streams.has(stream)) return;
      const { status } = await this.deliver(stream, set);
      if (delivered(status)) console.log(`idp ssf: ${what} delivered on stream ${stream.streamId} at attempt ${attempt + 2} (${status})`);
      else if (mayPass(status)) this.retry(stream, set, what, attempt + 1);
    }, delay);
    // Waiting to retry never keeps the IdP's process alive on its own.
    timer.unref();
  }

  private async sign(stream: Stream, eventType: string, subject: IssSubSubject, event: Record<string, unknown>): Promise<string> {
    this.signingKey ??= (async () => {
      const alg = this.jwk.alg ?? "RS256";
      if (!this.jwk.kid) throw new Error("the IdP's signing key has no kid");
      return { kid: this.jwk.kid, alg, key: (await importJWK(this.jwk, alg)) as CryptoKey };
    })();
    const { kid, alg, key } = await this.signingKey;
    // RFC 8417 §2.2: one event per SET here (SSF 1.0 §4.1.8), the subject in sub_id (SSF 1.0 §3), no exp.
    return new SignJWT({ sub_id: subject, events: { [eventType]: event } })
      .setProtectedHeader({ alg, kid, typ: SET_TYP })
      .setIssuer(this.issuer)
      .setAudience(stream.audience)
      .setIssuedAt(nowSeconds())
      .setJti(randomUUID())
      .sign(key);
  }

  // Plain fetch: the URL is one a receiver registered on its own client's origins (streams.ts), not any URL.
  private async deliver(stream: Stream, set: string): Promise<DeliveryOutcome> {
    const headers: Record<string, string> = { "content-type": SET_MEDIA_TYPE, accept: "application/json" };
    if (stream.authorizationHeader) headers.authorization = stream.authorizationHeader;
    try {
      const response = await fetch(stream.endpointUrl, {
        method: "POST",
        headers,
        body: set,
        redirect: "manual",
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      });
      if (response.status !== 202 && response.status !== 200) {
        console.error(`idp ssf: ${stream.endpointUrl} refused a SET: ${response.status} ${(await response.text()).slice(0, 300)}`);
      }
      return { streamId: stream.streamId, status: response.status };
    } catch (error) {
      console.error(`idp ssf: ${stream.endpointUrl} not reached: ${error instanceof Error ? error.message : String(error)}`);
      return { streamId: stream.streamId, status: "unreachable" };
    }
  }
}
