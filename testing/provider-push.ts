/**
 * What the tests of provider pushes (back-channel logout, Shared Signals) share: a port-0 server that hands the
 * provider's requests to an intranet route handler in-process, the dev IdP's own signing key read from its data
 * directory (to sign variants the IdP would never send), and a person signed in to the intranet through the IdP.
 */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { type CryptoKey, importJWK, type JWK } from "jose";
import { NextRequest } from "next/server";
import { appCookies } from "@/lib/auth/cookies";
import { readSession } from "@/lib/auth/dal";
import type { CookieJar } from "./cookie-jar";
import { type IdpUser, signInAtIdp } from "./idp-sign-in";
import { APP_BASE_URL, IntranetBrowser, locationOf } from "./intranet-routes";
import type { RunningIdp } from "./start-idp";

/** A running receiver: where it listens, what the route handler answered to each request, and how to stop it. */
export interface PushReceiver {
  readonly origin: string;
  readonly delivered: { status: number; body: string }[];
  close(): Promise<void>;
}

/** Serves `handler` on 127.0.0.1, port 0, turning each request into a NextRequest as Next.js would. */
export function startPushReceiver(handler: (request: NextRequest) => Promise<Response>): Promise<PushReceiver> {
  const delivered: { status: number; body: string }[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
    const response = await handler(new NextRequest(new URL(req.url ?? "/", APP_BASE_URL), { method: req.method, headers, body: Buffer.concat(chunks) }));
    const body = await response.text();
    delivered.push({ status: response.status, body });
    res.writeHead(response.status, Object.fromEntries(response.headers)).end(body);
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({
        origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        delivered,
        close: () => new Promise<void>((done) => server.close(() => done())),
      }),
    ),
  );
}

/** The dev IdP's signing key, as it stored it in `dataDir`. */
export async function idpSigningKey(dataDir: string): Promise<{ kid: string; privateKey: CryptoKey }> {
  const stored = JSON.parse(await readFile(join(dataDir, "keys.json"), "utf8")) as { jwks: { keys: (JWK & { kid: string })[] } };
  const [jwk] = stored.jwks.keys;
  assert.ok(jwk, "the IdP wrote its signing key");
  return { kid: jwk.kid, privateKey: (await importJWK(jwk, "RS256")) as CryptoKey };
}

/** A person with an intranet browser and an IdP session of their own. */
export class IntranetPerson {
  readonly browser = new IntranetBrowser();
  idpCookies: CookieJar = [];
  pagesSeen: readonly string[] = [];

  constructor(
    readonly user: IdpUser,
    protected readonly idp: () => RunningIdp,
    private readonly routes: {
      login: (request: NextRequest) => Promise<Response>;
      callback: (request: NextRequest) => Promise<Response>;
    },
  ) {}

  /** Signs in at the intranet through the IdP (password, and a code where asked), landing on `returnTo`. */
  async signIn(returnTo = "/"): Promise<void> {
    const started = await this.browser.call(this.routes.login, `/auth/login?returnTo=${encodeURIComponent(returnTo)}`);
    const atIdp = await signInAtIdp(locationOf(started), `${APP_BASE_URL}/auth/callback`, this.user, { cookies: this.idpCookies });
    this.idpCookies = atIdp.cookies;
    this.pagesSeen = atIdp.pagesSeen;
    const done = await this.browser.call(this.routes.callback, atIdp.callbackUrl);
    assert.equal(done.status, 303);
    assert.doesNotMatch(locationOf(done).pathname, /^\/auth\/error/, `signed in\n${this.idp().output().slice(-2000)}`);
  }

  /** The session the intranet reads from this person's cookie (undefined once it was ended). */
  session() {
    const name = appCookies(false).session.name;
    const value = this.browser.cookie(name);
    return readSession({ get: (asked: string) => (asked === name && value ? { value } : undefined) });
  }
}
