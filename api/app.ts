import type { IncomingMessage, ServerResponse } from "node:http";
import { ApiError, invalidRequest, sendError } from "./http/errors";
import { publicRequestUrl } from "./http/request-url";
import { matchRoute, type Route } from "./http/router";
import { accountRoutes } from "./routes/accounts";
import type { ApiDependencies } from "./routes/context";
import { directoryRoutes } from "./routes/directory";
import { healthRoute } from "./routes/health";
import { transferRoutes } from "./routes/transfers";

export type { ApiDependencies } from "./routes/context";

/** A Node request listener; resolves once the answer is written. */
export type ApiHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** Builds the Accounts API's request handler (no listening socket, so tests can run it in-process). */
export function createApiHandler(deps: ApiDependencies): ApiHandler {
  const routes: Route[] = [healthRoute, ...accountRoutes(deps), ...transferRoutes(deps), ...directoryRoutes(deps)];

  return async (req, res) => {
    const method = req.method ?? "GET";
    let url = new URL(deps.publicUrl);
    try {
      // RFC 9112 §3.2: an HTTP/1.1 request without Host is refused, though the API never uses its value.
      if (req.httpVersion === "1.1" && req.headers.host === undefined) throw invalidRequest("An HTTP/1.1 request needs a Host header.");
      url = publicRequestUrl(deps.publicUrl, req.url);
      const { route, params } = matchRoute(routes, method, url.pathname);
      await route.handler({ req, res, url, params });
    } catch (error) {
      const apiError =
        error instanceof ApiError ? error : new ApiError(500, "server_error", "Something went wrong on our side; nothing was changed.", { cause: error });
      deps.log({
        level: apiError.status >= 500 ? "error" : "warn",
        code: apiError.code,
        status: apiError.status,
        method,
        path: url.pathname,
        detail: apiError.logDetail ?? (apiError.cause instanceof Error ? apiError.cause.stack : undefined),
      });
      if (res.headersSent) res.destroy();
      else sendError(res, apiError);
    }
  };
}
