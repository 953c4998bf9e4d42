/**
 * The IdP's own sign-in pages (oidc-provider's devInteractions are off), one router per prompt and factor:
 * password (factors/password-routes.ts), then — when the MFA policy says so — a one-time code, push approval or a
 * passkey (factors/), and an automatic consent for the first-party intranet client (consent.ts). This file routes
 * `GET /interaction/:uid` to the page the interaction needs, and handles cancel and expiry.
 */
import express, { type NextFunction, type Request, type Response, type Router } from "express";
import type Provider from "oidc-provider";
import { errors } from "oidc-provider";
import { approvalText } from "./approval-text";
import { CLIENT_NAME } from "./client-name";
import type { IdpConfig } from "./config";
import { grantConsent } from "./consent";
import type { DirectoryLookup } from "./directory-client";
import { otpRoutes, renderOtp } from "./factors/otp-routes";
import { passkeyRoutes } from "./factors/passkey-routes";
import type { Passkeys } from "./factors/passkeys";
import { passwordRoutes, renderLogin } from "./factors/password-routes";
import type { PushRequests } from "./factors/push";
import { pushRoutes } from "./factors/push-routes";
import type { SecondFactorFlow } from "./factors/second-factor";
import { explainFromDetails } from "./interaction-notices";
import { finishSecondFactor, loadInteraction, secondFactorAccount } from "./interaction-state";
import type { SignInGuards } from "./sign-in-guards";
import { requestedTransfer } from "./transfer-request";
import { messagePage } from "./views/message";

/** The second factors besides the one-time code (push approval, passkeys), kept in idp/factors/. */
export interface FactorStores {
  pushes: PushRequests;
  passkeys: Passkeys;
}

/**
 * Mounts `/interaction/:uid` routes; mount before `provider.callback()`. `guards` are the IdP's one lockout count
 * and one record of spent codes, shared with the account pages; `directory` names the accounts of a transfer.
 */
export function interactionRoutes(provider: Provider, config: IdpConfig, factors: FactorStores, guards: SignInGuards, directory: DirectoryLookup): Router {
  const router = express.Router();
  // Sign-in pages must never be cached or framed (the CSP with frame-ancestors 'none' comes from idp/app.ts).
  router.use("/interaction", (_req, res, next) => {
    res.set({ "Cache-Control": "no-store", "X-Frame-Options": "DENY" });
    next();
  });

  const flow: SecondFactorFlow = {
    load: (req, res) => loadInteraction(provider, req, res),
    account: secondFactorAccount,
    why: (interaction) => explainFromDetails(interaction, config),
    approval: async (interaction) => {
      const transfer = requestedTransfer(interaction.params.authorization_details);
      return transfer ? approvalText(transfer, directory) : undefined;
    },
    finish: (req, res, interaction, accountId, method) => finishSecondFactor(provider, config, req, res, interaction, accountId, method),
    deny: (req, res, description) =>
      provider.interactionFinished(req, res, { error: "access_denied", error_description: description }, { mergeWithLastSubmission: false }),
  };
  router.use(passwordRoutes(provider, config, guards));
  router.use(otpRoutes(flow, guards));
  router.use(pushRoutes(flow, factors.pushes));
  router.use(passkeyRoutes(flow, factors.passkeys));

  router.get("/interaction/:uid", async (req, res) => {
    const interaction = await loadInteraction(provider, req, res);
    if (!interaction) return;
    if (interaction.prompt.name === "consent") {
      const grantId = await grantConsent(provider, interaction);
      await provider.interactionFinished(req, res, { consent: { grantId } });
      return;
    }
    const accountId = secondFactorAccount(interaction);
    if (accountId) {
      await renderOtp(res, interaction, flow, accountId);
      return;
    }
    // login_hint (the app sends the current sub when stepping up) only pre-fills the field.
    renderLogin(res, interaction, config, { username: typeof interaction.params.login_hint === "string" ? interaction.params.login_hint : undefined });
  });

  router.post("/interaction/:uid/abort", async (req, res) => {
    const interaction = await loadInteraction(provider, req, res);
    if (!interaction) return;
    await flow.deny(req, res, "End-User aborted interaction");
  });

  // An expired or unknown interaction is a normal event (back button, old tab), not a crash. Everything else goes on
  // to the IdP's last error handler (idp/request-errors.ts), which tells a bad request from our own failure.
  router.use("/interaction", (error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent || !(error instanceof errors.SessionNotFound)) return next(error);
    res
      .status(400)
      .type("html")
      .send(messagePage("Sign-in expired", `This sign-in attempt has expired. Return to ${CLIENT_NAME} and sign in again.`));
  });

  return router;
}
