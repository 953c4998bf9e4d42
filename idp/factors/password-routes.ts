/** The password page of a sign-in: the first factor, and the whole sign-in when the MFA policy asks for no more. */
import express, { type Response, type Router } from "express";
import type Provider from "oidc-provider";
import type { Interaction } from "oidc-provider";
import { AMR } from "../../common/step-up";
import { checkPassword } from "../accounts";
import { CLIENT_NAME } from "../client-name";
import type { IdpConfig } from "../config";
import { passwordForm, readForm } from "../forms";
import { reauthNoticeFor } from "../interaction-notices";
import { decisionAfterPassword, loadInteraction, logAuthentication, nowSeconds, savePasswordStep } from "../interaction-state";
import { beginAttempt, clientAddress, refusalMessage, type SignInGuards, whileHoldingTurn } from "../sign-in-guards";
import { loginPage } from "../views/login";

/** Shows the password page; `username` pre-fills the field (the app's `login_hint`, or what was typed). */
export function renderLogin(
  res: Response,
  interaction: Interaction,
  config: IdpConfig,
  page: { username?: string; error?: string; status?: number } = {},
): void {
  res
    .status(page.status ?? (page.error ? 400 : 200))
    .type("html")
    .send(
      loginPage({ uid: interaction.uid, clientName: CLIENT_NAME, username: page.username, error: page.error, notice: reauthNoticeFor(interaction, config) }),
    );
}

/** Mounts `POST /interaction/:uid/login`. */
export function passwordRoutes(provider: Provider, config: IdpConfig, guards: SignInGuards): Router {
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: "10kb" });

  router.post("/interaction/:uid/login", form, async (req, res) => {
    const interaction = await loadInteraction(provider, req, res);
    if (!interaction) return;
    const refuse = (status: number, error: string, username = "") => renderLogin(res, interaction, config, { username, error, status });
    const fields = readForm(passwordForm, req.body);
    if (!fields.ok) return refuse(400, fields.message);
    const { username, password } = fields.data;
    // Nothing to check, so nothing guessed: not counted.
    if (!username || !password) return refuse(400, "Enter your username and your password.", username);
    // One check at a time per username, each looking at the lock first: parallel guesses cannot all pass it.
    const admission = await beginAttempt(guards, username, clientAddress(req));
    if (!admission.ok) {
      console.log(`idp auth: username=${JSON.stringify(username)} password not checked (${admission.refusal.kind})`);
      return refuse(429, refusalMessage(admission.refusal), username);
    }
    const { attempt } = admission;
    const user = await whileHoldingTurn(attempt, () => checkPassword(username, password));
    if (!user) {
      const refusal = attempt.failed(nowSeconds());
      console.log(`idp auth: username=${JSON.stringify(username)} wrong password${refusal ? ` (${refusal.kind})` : ""}`);
      if (refusal) return refuse(429, refusalMessage(refusal), username);
      return refuse(400, "Wrong username or password. Check both and try again.", username);
    }
    if (decisionAfterPassword(interaction, config).required) {
      // The sign-in is not complete: the count starts over only after the second factor.
      attempt.release();
      // Post/redirect/get: the code page is a GET, so reloading it does not resubmit the password.
      await savePasswordStep(interaction, user.username);
      res.redirect(303, `/interaction/${encodeURIComponent(interaction.uid)}`);
      return;
    }
    const amr = [AMR.password];
    attempt.succeeded();
    const { passwordAcr } = config.impersonation;
    logAuthentication(user.username, passwordAcr, amr, "password");
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: user.username, acr: passwordAcr, amr, ts: nowSeconds() } },
      { mergeWithLastSubmission: false },
    );
  });

  return router;
}
