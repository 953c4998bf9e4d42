import { type NextRequest, NextResponse } from "next/server";

/**
 * The app's route handlers (the route.ts files under app/): they answer every method themselves (sign-out checks its own
 * Origin; back-channel logout and the SSF event receiver act only on a token the provider signed; Next.js gives other
 * methods a 405).
 * page-requests.test.ts keeps this list equal to the files.
 */
export const ROUTE_HANDLERS: ReadonlySet<string> = new Set(["/auth/login", "/auth/callback", "/auth/logout", "/auth/backchannel-logout", "/auth/ssf/events"]);

/** Next.js's own limit on a server action's body (`serverActions.bodySizeLimit`, 1 MB unless configured). */
export const ACTION_BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * Which requests the intranet's pages accept, decided before Next.js sees them: reading (GET, HEAD) and server
 * actions (POST with a `Next-Action` header) from this origin, in the shape React sends them. Next.js answers
 * other posts to a page with a 500 ("Failed to find Server Action", "Invalid Server Actions request", a body it
 * cannot decode); here they get the 4xx they deserve.
 */
export async function refusePageRequest(request: NextRequest, appOrigin: string): Promise<NextResponse | undefined> {
  const { method } = request;
  if (method === "GET" || method === "HEAD" || ROUTE_HANDLERS.has(request.nextUrl.pathname)) return undefined;
  // Browsers send Origin with every POST; one from elsewhere is cross-site request forgery, whatever it carries.
  const origin = request.headers.get("origin");
  if (origin !== null && origin !== appOrigin) {
    return refusal(403, "Forms on Fabrikam Intranet must be sent from Fabrikam Intranet. Open the page on this site and try again.");
  }
  if (method !== "POST" || !request.headers.has("next-action")) {
    // Pages are read with GET; their forms post as server actions, which need the page's script.
    return refusal(405, "This page can only be read. Reload it and use its form.", { Allow: "GET, HEAD" });
  }
  return refuseActionBody(request);
}

// A server action's arguments, as React encodes them: JSON text whose root is the argument array, or a multipart
// form whose field "0" is that JSON (when an argument is a FormData). React decodes `$`-prefixed strings as
// references to other parts of the payload and fails with a 500 on one that is missing, so only the references
// this app's actions use may appear: FormData (`$K1`), `undefined`, and escaped text (`$$…`). An action that
// takes other argument types (a Date, a Map, a file) needs its reference added to ALLOWED_REFERENCE.
async function refuseActionBody(request: NextRequest): Promise<NextResponse | undefined> {
  const length = Number(request.headers.get("content-length") ?? Number.NaN);
  if (!Number.isSafeInteger(length) || length < 0) return refusal(411, "Send the form again from the page.");
  if (length > ACTION_BODY_LIMIT_BYTES) return refusal(413, "That is more than a form on this site accepts (1 MB).");
  const type = request.headers.get("content-type") ?? "";
  let root: unknown;
  try {
    if (/^text\/plain\b/i.test(type)) root = await request.clone().text();
    else if (/^multipart\/form-data\b/i.test(type)) root = (await request.clone().formData()).get("0");
    else return refusal(415, "This form data is not in a format the page understands. Reload the page and try again.");
  } catch {
    root = undefined;
  }
  return isArgumentList(root) ? undefined : refusal(400, "This form data could not be read. Reload the page and try again.");
}

const ALLOWED_REFERENCE = /^\$(?:\$|undefined$|K\d{1,9}$)/;

function isArgumentList(root: unknown): boolean {
  if (typeof root !== "string") return false;
  let parsed: unknown;
  try {
    parsed = JSON.parse(root);
  } catch {
    return false;
  }
  return Array.isArray(parsed) && onlyAllowedReferences(parsed);
}

function onlyAllowedReferences(value: unknown): boolean {
  if (typeof value === "string") return !value.startsWith("$") || ALLOWED_REFERENCE.test(value);
  if (Array.isArray(value)) return value.every(onlyAllowedReferences);
  if (typeof value === "object" && value !== null) return Object.entries(value).every(([key, item]) => !key.startsWith("$") && onlyAllowedReferences(item));
  return true;
}

function refusal(status: number, message: string, headers: Record<string, string> = {}): NextResponse {
  return new NextResponse(`${message}\n`, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", ...headers } });
}
