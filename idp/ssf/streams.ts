/**
 * The dev transmitter's streams (SSF 1.0 §8.1.1), in memory: an IdP restart forgets them, and each receiver
 * registers again (the intranet checks its stream in the background). One stream per receiver endpoint: a second
 * create for the same endpoint_url is a 409, so several instances of one receiver share a stream.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { httpsUnlessLoopback } from "../../common/loopback";
import { CAEP_EVENT_TYPES, PUSH_DELIVERY } from "../../common/ssf";

/** A stream as stored; `clientId` says which receiver may manage it. */
export interface Stream {
  readonly streamId: string;
  readonly clientId: string;
  /** The `aud` of every SET sent on this stream: the receiver's client id. */
  readonly audience: string;
  readonly endpointUrl: string;
  /** Sent as the Authorization header of every delivery, when the receiver gave one. */
  readonly authorizationHeader?: string;
  readonly eventsRequested: readonly string[];
  readonly description?: string;
}

/** Why a stream request was refused: an HTTP status, an OAuth-style code and a sentence. */
export class StreamError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    readonly code: "invalid_request" | "not_found" | "conflict",
    message: string,
  ) {
    super(message);
  }
}

const createSchema = z.object({
  delivery: z.object({
    method: z.string(),
    endpoint_url: z.url(),
    authorization_header: z.string().min(1).max(1024).optional(),
  }),
  events_requested: z.array(z.string().max(200)).max(20).default([]),
  description: z.string().max(200).optional(),
});

/** The stream configuration as SSF 1.0 §8.1.1 returns it. The authorization header is a secret: never echoed. */
export function streamConfiguration(stream: Stream, issuer: string) {
  return {
    stream_id: stream.streamId,
    iss: issuer,
    aud: stream.audience,
    delivery: { method: PUSH_DELIVERY, endpoint_url: stream.endpointUrl },
    events_supported: CAEP_EVENT_TYPES,
    events_requested: stream.eventsRequested,
    events_delivered: CAEP_EVENT_TYPES.filter((type) => stream.eventsRequested.includes(type)),
    ...(stream.description !== undefined ? { description: stream.description } : {}),
  };
}

/** Every receiver's streams. `allowedOrigins` are where deliveries may go: the receiver's registered app origins. */
export class Streams {
  private readonly byId = new Map<string, Stream>();

  constructor(private readonly allowedOrigins: readonly string[]) {}

  /** Creates a stream for `clientId` from a request body, or throws StreamError. */
  create(clientId: string, body: unknown): Stream {
    const parsed = createSchema.safeParse(body);
    if (!parsed.success)
      throw new StreamError(400, "invalid_request", "The stream request must name delivery.method, delivery.endpoint_url and events_requested.");
    const { delivery, events_requested, description } = parsed.data;
    if (delivery.method !== PUSH_DELIVERY) throw new StreamError(400, "invalid_request", `Only push delivery (${PUSH_DELIVERY}) is offered.`);
    const endpoint = new URL(delivery.endpoint_url);
    // Deliveries are server-side requests: only to the client's own registered origins (no SSRF through a stream).
    if (!httpsUnlessLoopback(endpoint) || !this.allowedOrigins.includes(endpoint.origin)) {
      throw new StreamError(400, "invalid_request", "The endpoint_url must be on one of the client's registered origins.");
    }
    if (this.list(clientId).some((s) => s.endpointUrl === endpoint.href)) {
      throw new StreamError(409, "conflict", "A stream for this endpoint_url exists already; read it or delete it first.");
    }
    const stream: Stream = {
      streamId: randomUUID(),
      clientId,
      audience: clientId,
      endpointUrl: endpoint.href,
      authorizationHeader: delivery.authorization_header,
      eventsRequested: [...new Set(events_requested)],
      description,
    };
    this.byId.set(stream.streamId, stream);
    return stream;
  }

  /** The streams `clientId` owns. */
  list(clientId: string): Stream[] {
    return [...this.byId.values()].filter((s) => s.clientId === clientId);
  }

  /** One of `clientId`'s streams; another client's stream is "not found" too. */
  get(clientId: string, streamId: string): Stream {
    const stream = this.byId.get(streamId);
    if (!stream || stream.clientId !== clientId) throw new StreamError(404, "not_found", "There is no such stream for this client.");
    return stream;
  }

  /** Whether `stream` is still registered as it was (a retry stops once its stream is deleted). */
  has(stream: Stream): boolean {
    return this.byId.get(stream.streamId) === stream;
  }

  delete(clientId: string, streamId: string): void {
    this.byId.delete(this.get(clientId, streamId).streamId);
  }

  /** Every stream that asked for `eventType`, whoever owns it. */
  requesting(eventType: string): Stream[] {
    return [...this.byId.values()].filter((s) => s.eventsRequested.includes(eventType));
  }
}
