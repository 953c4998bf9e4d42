/**
 * The dev IdP as an SSF 1.0 transmitter: its metadata (§7) and the stream configuration endpoint (§8.1.1:
 * POST creates, GET reads, DELETE deletes). Stream management takes an OAuth bearer token (§8.1, RFC 6750): a
 * client-credentials access token of the receiver's own client with scope `ssf:manage`, whose audience (RFC 8707
 * resource) is the configuration endpoint itself. oidc-provider issued it, so oidc-provider looks it up.
 */
import express, { type Request, type Response, type Router } from "express";
import type Provider from "oidc-provider";
import { PUSH_DELIVERY, SSF_CONFIGURATION_PATH, SSF_MANAGE_SCOPE } from "../../common/ssf";
import { StreamError, type Streams, streamConfiguration } from "./streams";

/** Where the stream configuration endpoint is, and the resource indicator of its tokens. */
export const streamsEndpoint = (issuer: string) => `${issuer}/ssf/streams`;

/** SSF 1.0 §7.1 transmitter metadata. */
export function ssfConfiguration(issuer: string) {
  return {
    spec_version: "1_0",
    issuer,
    jwks_uri: `${issuer}/jwks`,
    delivery_methods_supported: [PUSH_DELIVERY],
    configuration_endpoint: streamsEndpoint(issuer),
    // RFC 6749 bearer tokens from this issuer's token endpoint (client credentials, scope ssf:manage).
    authorization_schemes: [{ spec_urn: "urn:ietf:rfc:6749" }],
    // No subject management: every subject's events go to every stream that asked for the event type.
    default_subjects: "ALL",
  };
}

const bearerOf = (req: Request) => /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/.exec(req.headers.authorization ?? "")?.[1];

/** Mounts the metadata and `/ssf/streams`. Only `clientIds` may hold streams (the intranet). */
export function streamRoutes(provider: Provider, issuer: string, streams: Streams, clientIds: readonly string[]): Router {
  const router = express.Router();
  const json = express.json({ limit: "16kb", type: () => true });
  const resource = streamsEndpoint(issuer);

  router.get(SSF_CONFIGURATION_PATH, (_req, res) => {
    res.set("Cache-Control", "max-age=300").json(ssfConfiguration(issuer));
  });

  const refuse = (res: Response, status: number, error: string, description: string) => {
    // RFC 6750 §3: a refused bearer token is said in WWW-Authenticate too.
    if (status === 401 || status === 403) res.set("WWW-Authenticate", `Bearer error="${error}", error_description="${description}"`);
    res.status(status).json({ error, error_description: description });
  };

  /** The client whose token this request carries, or undefined after answering the refusal. */
  const receiverOf = async (req: Request, res: Response): Promise<string | undefined> => {
    const value = bearerOf(req);
    if (!value) return void refuse(res, 401, "invalid_token", "Send a bearer access token with scope ssf:manage.");
    const token = await provider.ClientCredentials.find(value);
    const audiences = token ? [token.aud ?? []].flat() : [];
    if (!token || !audiences.includes(resource))
      return void refuse(res, 401, "invalid_token", "The access token is unknown, expired or not for this endpoint.");
    if (!(token.scope ?? "").split(" ").includes(SSF_MANAGE_SCOPE) || !clientIds.includes(token.clientId)) {
      return void refuse(res, 403, "insufficient_scope", "The access token does not allow managing streams.");
    }
    return token.clientId;
  };

  const answerError = (res: Response, error: unknown) => {
    if (!(error instanceof StreamError)) throw error;
    res.status(error.status).json({ error: error.code, error_description: error.message });
  };

  router.use("/ssf", (_req, res, next) => {
    res.set("Cache-Control", "no-store");
    next();
  });

  router.post("/ssf/streams", json, async (req, res) => {
    const clientId = await receiverOf(req, res);
    if (!clientId) return;
    try {
      const stream = streams.create(clientId, req.body);
      console.log(`idp ssf: ${clientId} created stream ${stream.streamId} to ${stream.endpointUrl}`);
      res.status(201).json(streamConfiguration(stream, issuer));
    } catch (error) {
      answerError(res, error);
    }
  });

  router.get("/ssf/streams", async (req, res) => {
    const clientId = await receiverOf(req, res);
    if (!clientId) return;
    const id = req.query.stream_id;
    try {
      if (typeof id === "string") return void res.json(streamConfiguration(streams.get(clientId, id), issuer));
      res.json(streams.list(clientId).map((stream) => streamConfiguration(stream, issuer)));
    } catch (error) {
      answerError(res, error);
    }
  });

  router.delete("/ssf/streams", async (req, res) => {
    const clientId = await receiverOf(req, res);
    if (!clientId) return;
    const id = req.query.stream_id;
    if (typeof id !== "string") return void refuse(res, 400, "invalid_request", "Name the stream to delete (stream_id).");
    try {
      streams.delete(clientId, id);
      console.log(`idp ssf: ${clientId} deleted stream ${id}`);
      res.status(204).end();
    } catch (error) {
      answerError(res, error);
    }
  });

  return router;
}
