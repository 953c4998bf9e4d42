/** Shared Signals streams as the dev IdP's transmitter holds them, read with the intranet client's own ssf:manage token. */
import type { APIRequestContext } from "@playwright/test";
import { DEV_DEFAULTS } from "../common/dev-defaults";
import { DEFAULT_CLIENT_ID } from "../common/step-up";
import { expect } from "./fixtures";

/** Waits until an app's background registration (instrumentation-node.ts) has a stream to `eventsUrl` at `idpUrl`. */
export async function streamRegistered(request: APIRequestContext, idpUrl: string, eventsUrl: string): Promise<void> {
  const token = await request.post(`${idpUrl}/token`, {
    form: { grant_type: "client_credentials", scope: "ssf:manage", resource: `${idpUrl}/ssf/streams` },
    headers: { authorization: `Basic ${Buffer.from(`${DEFAULT_CLIENT_ID}:${DEV_DEFAULTS.clientSecret}`).toString("base64")}` },
  });
  const { access_token } = (await token.json()) as { access_token: string };
  await expect
    .poll(async () => {
      const streams = (await (await request.get(`${idpUrl}/ssf/streams`, { headers: { authorization: `Bearer ${access_token}` } })).json()) as {
        delivery: { endpoint_url: string };
      }[];
      return streams.map((s) => s.delivery.endpoint_url);
    })
    .toContain(eventsUrl);
}
