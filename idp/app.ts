/**
 * Assembles the dev IdP: the home page, the sign-in routes, then oidc-provider
 * for every protocol endpoint.
 */
import "./node-compat";
import express, { type Express } from "express";
import QRCode from "qrcode";
import { DEMO_USERS } from "./accounts";
import type { IdpConfig } from "./config";
import { interactionRoutes } from "./interactions";
import { loadOrCreateKeys } from "./keys";
import { createProvider } from "./provider";
import { totpUri } from "./totp";
import { homePage } from "./views/home";

/** Builds the Express app; keys are created under `config.dataDir` on first use. */
export async function createIdpApp(config: IdpConfig): Promise<Express> {
  const keys = await loadOrCreateKeys(config.dataDir);
  const provider = createProvider(config, keys);
  const app = express();
  app.disable("x-powered-by");

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

  app.use(interactionRoutes(provider, config));
  app.use(provider.callback());
  return app;
}
