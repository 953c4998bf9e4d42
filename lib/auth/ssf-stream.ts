import "server-only";
import * as client from "openid-client";
import { z } from "zod";
import { CAEP_EVENT_TYPES, PUSH_DELIVERY, SSF_MANAGE_SCOPE } from "@/common/ssf";
import { config } from "@/lib/config";
import { oidcConfiguration } from "./oidc-client";
import { pushAuthorization } from "./ssf-push-authorization";
import { transmitterMetadata } from "./ssf-transmitter";

/** Where the transmitter pushes events: SSF_EVENTS_URL behind a balancer, else this instance's own route. */
export const eventsUrl = () => config().ssfEventsUrl;

const REQUEST_TIMEOUT_MS = 5000;

const streamSchema = z.object({
  stream_id: z.string(),
  aud: z.union([z.string(), z.array(z.string())]),
  delivery: z.object({ method: z.string(), endpoint_url: z.string().optional() }),
  events_requested: z.array(z.string()).default([]),
});
type StreamConfiguration = z.infer<typeof streamSchema>;

/** What registration came to: the stream the transmitter keeps for this endpoint, and whether it was just created. */
export interface RegisteredStream {
  readonly streamId: string;
  readonly created: boolean;
}

/** A stream request the transmitter refused, with its status and words. */
export class StreamRegistrationError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Makes sure the provider's SSF transmitter has a push stream to `endpointUrl` for the CAEP events the intranet acts
 * on (SSF 1.0 §8.1.1), authorized by a client-credentials token (scope ssf:manage, resource = the configuration
 * endpoint). Idempotent: an existing stream for the endpoint is kept; one asking for other events is replaced; a
 * 409 (another instance created it meanwhile) reads it back. Throws when the transmitter cannot be reached or refuses.
 */
export async function ensureStream(endpointUrl = eventsUrl()): Promise<RegisteredStream> {
  const { configurationEndpoint } = await transmitterMetadata();
  const token = await client.clientCredentialsGrant(await oidcConfiguration(), { scope: SSF_MANAGE_SCOPE, resource: configurationEndpoint });
  const call = async (method: "GET" | "POST" | "DELETE", query = "", body?: unknown) => {
    const response = await fetch(`${configurationEndpoint}${query}`, {
      method,
      headers: { authorization: `Bearer ${token.access_token}`, accept: "application/json", ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    return { status: response.status, json: response.status === 204 ? undefined : ((await response.json().catch(() => undefined)) as unknown) };
  };
  const ours = async () => {
    const listed = await call("GET");
    if (listed.status !== 200) throw new StreamRegistrationError(listed.status, `the transmitter refused to list streams: ${JSON.stringify(listed.json)}`);
    return z
      .array(streamSchema)
      .parse(listed.json)
      .find((stream) => stream.delivery.endpoint_url === new URL(endpointUrl).href);
  };
  const existing = await ours();
  if (existing && covers(existing)) return checked(existing, false);
  if (existing) await call("DELETE", `?stream_id=${encodeURIComponent(existing.stream_id)}`);
  const created = await call("POST", "", {
    delivery: { method: PUSH_DELIVERY, endpoint_url: endpointUrl, authorization_header: pushAuthorization(config().sessionSecret) },
    events_requested: CAEP_EVENT_TYPES,
    description: "Fabrikam Intranet: end or downgrade sessions",
  });
  if (created.status === 409) {
    const raced = await ours();
    if (raced) return checked(raced, false);
  }
  if (created.status !== 201 && created.status !== 200)
    throw new StreamRegistrationError(created.status, `the transmitter refused the stream: ${JSON.stringify(created.json)}`);
  return checked(streamSchema.parse(created.json), true);
}

const covers = (stream: StreamConfiguration) => CAEP_EVENT_TYPES.every((type) => stream.events_requested.includes(type));

// The receiver checks every SET's aud against its client id: a stream with another audience would deliver nothing usable.
function checked(stream: StreamConfiguration, created: boolean): RegisteredStream {
  if (![stream.aud].flat().includes(config().clientId)) {
    throw new StreamRegistrationError(200, `the stream's audience ${JSON.stringify(stream.aud)} does not name this client (${config().clientId})`);
  }
  return { streamId: stream.stream_id, created };
}
