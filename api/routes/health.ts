import { sendJson } from "../http/errors";
import type { Route } from "../http/router";

/** `GET /health`: no auth, used by scripts and tests to wait until the API listens. */
export const healthRoute: Route = {
  method: "GET",
  pattern: /^\/health$/,
  handler: async ({ res }) => sendJson(res, 200, { status: "ok" }),
};
