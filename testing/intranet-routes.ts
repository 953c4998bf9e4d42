/**
 * Runs the intranet's route handlers in-process, the way a browser reaches them over HTTP: a request with the
 * browser's cookies in, the response's Set-Cookie headers back into the jar. With the real dev IdP on the other
 * side this tests the sign-in, callback and sign-out code without a build or a browser. Tests only; the unit
 * runner's `react-server` condition lets the server-only modules load under plain Node.
 */
import { NextRequest } from "next/server";
import { type CookieJar, cookieHeader, storeCookies } from "./cookie-jar";
import { type HostileProvider, newSigningKey, type SigningKey, startHostileProvider } from "./hostile-provider";
import { type RunningIdp, startIdp } from "./start-idp";

/** The app's own origin in these tests; nothing listens there, the handlers are called directly. */
export const APP_BASE_URL = "http://localhost:3990";

type Handler = (request: NextRequest) => Promise<Response>;

/** One browser's view of the intranet: its cookie jar, and requests to route handlers. */
export class IntranetBrowser {
  cookies: CookieJar = [];

  /** Sends a request to `handler` as if to `path` on the app, keeping the cookies it sets. */
  async call(handler: Handler, path: string | URL, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Response> {
    const url = new URL(path, APP_BASE_URL);
    const headers = new Headers(init.headers);
    const cookie = cookieHeader(this.cookies, url);
    if (cookie && !headers.has("cookie")) headers.set("cookie", cookie);
    const response = await handler(new NextRequest(url, { method: init.method ?? "GET", headers, body: init.body }));
    this.cookies = storeCookies(this.cookies, response, url);
    return response;
  }

  /** The value of a cookie the browser holds. */
  cookie(name: string): string | undefined {
    return this.cookies.find((c) => c.name === name)?.value;
  }

  /** A second browser with a copy of this one's cookies (a stolen or replayed cookie). */
  copy(): IntranetBrowser {
    const other = new IntranetBrowser();
    other.cookies = this.cookies.map((c) => ({ ...c }));
    return other;
  }
}

/** The Location of a redirect response, resolved. */
export function locationOf(response: Response): URL {
  const location = response.headers.get("location");
  if (!location) throw new Error(`expected a redirect, got ${response.status}`);
  return new URL(location, APP_BASE_URL);
}

/**
 * Starts the dev IdP for the intranet at APP_BASE_URL and points this process's intranet configuration at it.
 * Call before the first handler runs: the app reads its configuration once per process.
 */
export async function startIdpForIntranet(idpEnv: Record<string, string> = {}): Promise<RunningIdp> {
  // Sign-ins here are not about one-time codes: let a code be used more than once within its window.
  const idp = await startIdp({ env: { APP_BASE_URL, IDP_TEST_ALLOW_OTP_REUSE: "1", ...idpEnv } });
  Object.assign(process.env, {
    APP_BASE_URL,
    OIDC_ISSUER: idp.issuer,
    APP_DATA_DIR: "memory://",
    FABRIKAM_API_URL: "http://localhost:3991",
    IDP_PROFILE: idpEnv.IDP_PROFILE ?? "",
    OIDC_PROFILE: idpEnv.IDP_PROFILE ?? "",
  });
  return idp;
}

/** The client secret the test provider registers for the intranet. */
const HOSTILE_CLIENT_SECRET = "hostile-provider-client-secret";

/**
 * Starts a provider the test controls (testing/hostile-provider.ts) with one signing key, and points this process's
 * intranet configuration at it, with `env` on top. Call before the app first reads its configuration.
 */
export async function startHostileProviderForIntranet(env: Record<string, string> = {}): Promise<{ provider: HostileProvider; key: SigningKey }> {
  const provider = await startHostileProvider({
    clientId: "fabrikam-intranet",
    clientSecret: HOSTILE_CLIENT_SECRET,
    redirectUris: [`${APP_BASE_URL}/auth/callback`],
  });
  const key = await newSigningKey("key-1");
  provider.jwks = [key.publicJwk];
  Object.assign(process.env, {
    APP_BASE_URL,
    OIDC_ISSUER: provider.issuer,
    OIDC_CLIENT_SECRET: HOSTILE_CLIENT_SECRET,
    OIDC_PROFILE: "",
    APP_DATA_DIR: "memory://",
    ...env,
  });
  return { provider, key };
}
