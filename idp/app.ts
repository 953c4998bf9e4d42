/**
 * Assembles the dev IdP: the home page, the sign-in routes, then oidc-provider
 * for every protocol endpoint.
 */
import "./node-compat";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import express, { type Express } from "express";
import QRCode from "qrcode";
import { DEMO_USERS } from "./accounts";
import type { IdpConfig } from "./config";
import { directoryLookup } from "./directory-client";
import { accountRoutes } from "./factors/account-routes";
import { Passkeys, relyingPartyFor } from "./factors/passkeys";
import { PushRequests } from "./factors/push";
import { interactionRoutes } from "./interactions";
import { loadOrCreateKeys } from "./keys";
import { createProvider } from "./provider";
import { requestErrorHandler } from "./request-errors";
import { idpSecurityHeaders } from "./security-headers";
import { createSignInGuards } from "./sign-in-guards";
import { AccountSignals } from "./ssf/account-signals";
import { streamRoutes } from "./ssf/stream-routes";
import { Streams } from "./ssf/streams";
import { Transmitter } from "./ssf/transmitter";
import { staticFiles } from "./static-files";
import { totpUri } from "./totp";
import { homePage } from "./views/home";

// The package's exports hide its browser bundle; find it next to the entry point.
const simpleWebAuthnBundle = path.join(path.dirname(createRequire(import.meta.url).resolve("@simplewebauthn/browser")), "../dist/bundle/index.umd.min.js");

/** Builds the Express app; keys are created under `config.dataDir` on first use. */
export async function createIdpApp(config: IdpConfig): Promise<Express> {
  const keys = await loadOrCreateKeys(config.dataDir);
  const [signingKey] = keys.jwks.keys;
  if (!signingKey) throw new Error("the IdP has no signing key");
  // SSF transmitter: streams in memory, SETs signed with the provider's own key (idp/ssf/).
  const streams = new Streams(config.appOrigins);
  const signals = new AccountSignals(new Transmitter(config.issuer, signingKey, streams));
  const provider = createProvider(config, keys, (accountId) => signals.signedOutBefore(accountId));
  const app = express();
  app.disable("x-powered-by");
  const securityHeaders = idpSecurityHeaders(config.appOrigins);
  app.use((_req, res, next) => {
    res.set(securityHeaders);
    next();
  });

  const home = homePage(
    config.issuer,
    await Promise.all(
      DEMO_USERS.map(async (user) => ({
        ...user,
        qrSvg: await QRCode.toString(totpUri(user.username, user.totpSecret), { type: "svg", margin: 1 }),
      })),
    ),
  );
  app.get("/", (_req, res) => {
    res.type("html").send(home);
  });

  const factors = { pushes: new PushRequests(), passkeys: new Passkeys(relyingPartyFor(config.issuer)) };
  // The lockout counts (per username, per client address) and the record of spent codes, shared by every form.
  const guards = createSignInGuards(config);
  // The sign-in pages' scripts are files, not inline: they work under a strict script-src.
  const publicDir = fileURLToPath(new URL("./public", import.meta.url));
  // Browsers ask for /favicon.ico on pages without a <link rel="icon"> (oidc-provider's own error pages): the same SVG.
  app.get("/favicon.ico", (_req, res, next) => {
    res.type("image/svg+xml").sendFile("favicon.svg", { root: publicDir, maxAge: "1h" }, (error) => error && next(error));
  });
  app.use("/static", staticFiles(publicDir, { "simplewebauthn-browser.js": simpleWebAuthnBundle }));
  app.use(streamRoutes(provider, config.issuer, streams, [config.clientId]));
  app.use(accountRoutes(factors, guards, signals, new URL(config.issuer).protocol === "https:"));
  // Names for the accounts of a transfer being approved, from the Accounts API (ids alone when it cannot say).
  const directory = directoryLookup({
    directoryUrl: config.directoryUrl,
    issuer: config.issuer,
    clientSecret: config.directoryClientSecret,
    audience: config.apiAudience,
  });
  app.use(interactionRoutes(provider, config, factors, guards, directory));
  app.use(provider.callback());
  // Errors from the routes above (oidc-provider answers its own): a 4xx for what the request broke, never a trace.
  app.use(requestErrorHandler());
  return app;
}
