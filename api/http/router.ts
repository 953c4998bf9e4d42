import type { IncomingMessage, ServerResponse } from "node:http";
import { ApiError, invalidRequest } from "./errors";

/** What a route handler receives. */
export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  /** Path segments captured by the route's pattern, decoded. */
  params: string[];
  url: URL;
}

/** One endpoint: method, path pattern (anchored, groups become params) and handler. */
export interface Route {
  method: "GET" | "POST";
  pattern: RegExp;
  handler: (ctx: RouteContext) => Promise<void>;
}

/** Finds the route for a request: 404 when no path matches, 405 with Allow when only the method is wrong. */
export function matchRoute(routes: readonly Route[], method: string, pathname: string): { route: Route; params: string[] } {
  const allowed: string[] = [];
  for (const route of routes) {
    const match = route.pattern.exec(pathname);
    if (!match) continue;
    if (route.method === method) {
      try {
        return { route, params: match.slice(1).map((segment) => decodeURIComponent(segment ?? "")) };
      } catch {
        throw invalidRequest("The path is not valid percent-encoding (e.g. %ZZ).");
      }
    }
    allowed.push(route.method);
  }
  if (allowed.length > 0) {
    return methodNotAllowed(allowed);
  }
  throw new ApiError(404, "not_found", `There is no ${pathname} endpoint.`);
}

function methodNotAllowed(allowed: string[]): never {
  throw new ApiError(405, "method_not_allowed", `Use ${allowed.join(" or ")} for this endpoint.`, {
    headers: { Allow: allowed.join(", ") },
  });
}
