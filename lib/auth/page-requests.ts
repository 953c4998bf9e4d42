import { type NextRequest, NextResponse } from "next/server";
import { pageCarries, type ServerActions, serverActions } from "./server-action-ids";

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
 * actions from this origin, in the shapes React sends them (a fetch with a `Next-Action` header once the page's
 * script runs, a plain form post naming the action before it has). Next.js answers
 * other posts to a page with a 500 ("Failed to find Server Action", "Invalid Server Actions request", a body it
 * cannot decode); here they get the 4xx they deserve.
 */
export async function refusePageRequest(
  request: NextRequest,
  appOrigin: string,
  knownActions: () => ServerActions | undefined = serverActions,
): Promise<NextResponse | undefined> {
  const { method } = request;
  if (method === "GET" || method === "HEAD" || ROUTE_HANDLERS.has(request.nextUrl.pathname)) return undefined;
  // Browsers send Origin with every POST; one from elsewhere is cross-site request forgery, whatever it carries.
  const origin = request.headers.get("origin");
  if (origin !== null && origin !== appOrigin) {
    return refusal(403, "Forms on Fabrikam Intranet must be sent from Fabrikam Intranet. Open the page on this site and try again.");
  }
  if (method !== "POST") return notAForm();
  // Without the header, only React's plain HTML form post can be an action (a click before the page's script ran).
  const formPost = !request.headers.has("next-action");
  if (formPost && !/^multipart\/form-data\b/i.test(request.headers.get("content-type") ?? "")) return notAForm();
  const sizeProblem = refuseBodySize(request);
  if (sizeProblem) return sizeProblem;
  return formPost ? refuseFormPost(request, knownActions) : refuseActionBody(request);
}

// Pages are read with GET; their forms post as server actions.
const notAForm = () => refusal(405, "This page can only be read. Reload it and use its form.", { Allow: "GET, HEAD" });

function refuseBodySize(request: NextRequest): NextResponse | undefined {
  const length = Number(request.headers.get("content-length") ?? Number.NaN);
  if (!Number.isSafeInteger(length) || length < 0) return refusal(411, "Send the form again from the page.");
  if (length > ACTION_BODY_LIMIT_BYTES) return refusal(413, "That is more than a form on this site accepts (1 MB).");
  return undefined;
}

// React's form post names its action in fields: `$ACTION_ID_<id>` (no bound arguments), or `$ACTION_REF_<p>` with
// the descriptor `$ACTION_<p>:0` = {"id":…,"bound":"$@1"|null} and the bound arguments (for useActionState, the
// previous state) in `$ACTION_<p>:<n>`, encoded like a server action's arguments. Next.js checks the ids itself;
// here the encoded parts get the same check as an action's body, since a malformed one is a 500 inside React.
async function refuseFormPost(request: NextRequest, knownActions: () => ServerActions | undefined): Promise<NextResponse | undefined> {
  let form: FormData;
  try {
    form = await request.clone().formData();
  } catch {
    return unreadable();
  }
  const named: string[] = [];
  const refs: string[] = [];
  const descriptors = new Map<string, number>();
  for (const [name, value] of form.entries()) {
    if (!name.startsWith("$ACTION_") || name === "$ACTION_KEY") continue;
    if (name.startsWith("$ACTION_ID_")) named.push(name.slice("$ACTION_ID_".length));
    else if (name.startsWith("$ACTION_REF_")) refs.push(name.slice("$ACTION_REF_".length));
    else {
      const part = actionPart(name, value);
      if (!part) return unreadable();
      if (part.id === undefined) continue;
      named.push(part.id);
      descriptors.set(part.prefix, (descriptors.get(part.prefix) ?? 0) + 1);
    }
  }
  // As React decodes it (and Next.js checks it): at most two references, each with exactly one descriptor.
  if (refs.length > 2 || refs.some((prefix) => descriptors.get(prefix) !== 1)) return unreadable();
  if (named.length === 0) return notAForm();
  // An id this page does not carry in this build is a page from another deployment, or made up.
  const known = knownActions();
  const pathname = request.nextUrl.pathname;
  if (!known || !named.every((id) => pageCarries(known, id, pathname))) {
    return refusal(409, "This form is from another version of the site. Reload the page and send it again.");
  }
  return undefined;
}

const unreadable = () => refusal(400, "This form data could not be read. Reload the page and try again.");

// One encoded part of a form post's action: the descriptor ("…:0", naming the action's id) or a bound argument.
function actionPart(name: string, value: FormDataEntryValue): { prefix: string; id?: string } | undefined {
  const part = /^\$ACTION_([\w-]{1,32}):(\d{1,3})$/.exec(name);
  if (!part || typeof value !== "string") return undefined;
  const prefix = part[1] ?? "";
  if (part[2] !== "0") return isArgumentList(value) ? { prefix } : undefined;
  let descriptor: unknown;
  try {
    descriptor = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (typeof descriptor !== "object" || descriptor === null || Array.isArray(descriptor)) return undefined;
  const { id, bound, ...rest } = descriptor as Record<string, unknown>;
  return typeof id === "string" && (bound === null || bound === "$@1") && Object.keys(rest).length === 0 ? { prefix, id } : undefined;
}

// A server action's arguments, as React encodes them: JSON text whose root is the argument array, or a multipart
// form whose field "0" is that JSON (when an argument is a FormData). React decodes `$`-prefixed strings as
// references to other parts of the payload and fails with a 500 on one that is missing, so only the references
// this app's actions use may appear: FormData (`$K1`), `undefined`, and escaped text (`$$…`). An action that
// takes other argument types (a Date, a Map, a file) needs its reference added to ALLOWED_REFERENCE.
async function refuseActionBody(request: NextRequest): Promise<NextResponse | undefined> {
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
