/**
 * The IdP's own sign-in pages (oidc-provider's devInteractions are off):
 * password, then — when the MFA policy says so — a one-time code, and an
 * automatic consent for the first-party intranet client.
 */
import express, { type NextFunction, type Request, type Response, type Router } from "express";
import Provider, { errors, type Interaction, type InteractionResults } from "oidc-provider";
import QRCode from "qrcode";
import { AMR } from "../common/step-up";
import { checkPassword, findUser } from "./accounts";
import type { IdpConfig } from "./config";
import type { Passkeys } from "./factors/passkeys";
import { passkeyRoutes } from "./factors/passkey-routes";
import type { PushRequests } from "./factors/push";
import { pushRoutes } from "./factors/push-routes";
import type { SecondFactorFlow } from "./factors/second-factor";
import { SECOND_FACTOR_REASONS, MFA_CHECK_REASON } from "./interaction-policy";
import { mfaDecision, type MfaDecision } from "./mfa-policy";
import { codeForm, NOT_A_CODE, passwordForm, readForm } from "./forms";
import { beginAttempt, clientAddress, refusalMessage, whileHoldingTurn, type SignInGuards } from "./sign-in-guards";
import { explainWhy, maxAgeOf, reauthNotice, type RequestContext } from "./sign-in-notices";
import { normalizeCode, totpStep, totpUri } from "./totp";
import { loginPage } from "./views/login";
import { messagePage } from "./views/message";
import { otpPage } from "./views/otp";
import { CLIENT_NAME } from "./client-name";

/** Kept in `interaction.result` between the password page and the code page. */
interface PasswordStep {
  accountId: string;
  ts: number;
}

const PASSWORD_STEP = "fabrikamPasswordStep";
const FAILED_CODES = "fabrikamFailedCodes";

// Guessing a 6-digit code needs many tries: end the attempt after a few wrong ones (the account lock follows).
const MAX_FAILED_CODES = 5;

// The lock guards what can be guessed; these factors cannot be, and their routes do not check it (sign-in-guards.ts).
const OTHER_FACTORS_STILL_WORK = "A passkey or a push approval still works: choose one under “Other ways to verify”.";

function now(): number {
  return Math.floor(Date.now() / 1000);
}

function passwordStep(interaction: Interaction): PasswordStep | undefined {
  const value = interaction.result?.[PASSWORD_STEP];
  if (typeof value !== "object" || value === null) return undefined;
  const { accountId, ts } = value as Record<string, unknown>;
  return typeof accountId === "string" && typeof ts === "number" ? { accountId, ts } : undefined;
}

/** Which account the code page is for: a password just checked, or (step-up) the session's own. */
function secondFactorAccount(interaction: Interaction): string | undefined {
  const step = passwordStep(interaction);
  if (step) return step.accountId;
  const { reasons } = interaction.prompt;
  const onlySecondFactor = reasons.length > 0 && reasons.every((reason) => SECOND_FACTOR_REASONS.has(reason));
  return onlySecondFactor && reasons.includes(MFA_CHECK_REASON) ? interaction.session?.accountId : undefined;
}

/** The policy evaluated for a fresh authentication, from the stored authorization parameters. */
function decisionAfterPassword(interaction: Interaction, config: IdpConfig): MfaDecision {
  const { params } = interaction;
  let claims: unknown;
  try {
    claims = typeof params.claims === "string" ? JSON.parse(params.claims) : undefined;
  } catch {
    claims = undefined; // oidc-provider already rejected malformed claims before the interaction.
  }
  return mfaDecision({ acrValues: params.acr_values, claims, scope: params.scope, sessionHasMfa: false, policy: config.mfaPolicy, profile: config.impersonation.profile });
}

function requestContext(interaction: Interaction, config: IdpConfig): RequestContext {
  return { maxAge: maxAgeOf(interaction.params.max_age), transferScope: config.impersonation.profile.scopes.transferFunds };
}

function explainFromDetails(interaction: Interaction, config: IdpConfig): string {
  const { mfa_reason: reason, mfa_scopes: scopes } = interaction.prompt.details;
  if (reason === "high_value_scope" || reason === "acr_values" || reason === "claims") {
    const list = Array.isArray(scopes) ? scopes.filter((s): s is string => typeof s === "string") : [];
    return explainWhy({ required: true, reason, scopes: list }, requestContext(interaction, config));
  }
  return explainWhy(decisionAfterPassword(interaction, config), requestContext(interaction, config));
}

/** The notice of the password page when a session exists but must sign in again. */
function reauthNoticeFor(interaction: Interaction, config: IdpConfig): string | undefined {
  if (!interaction.session?.accountId) return undefined;
  return reauthNotice(interaction.prompt.reasons, {
    maxAge: maxAgeOf(interaction.params.max_age),
    secondFactorFollows: decisionAfterPassword(interaction, config).required,
  });
}

async function renderOtp(res: Response, interaction: Interaction, config: IdpConfig, accountId: string, error?: string, status = error ? 400 : 200) {
  const user = await findUser(accountId);
  if (!user) throw new Error(`account ${accountId} vanished`);
  const qrSvg = await QRCode.toString(totpUri(user.username, user.totpSecret), { type: "svg", margin: 1 });
  res.status(status).type("html").send(
    otpPage({ uid: interaction.uid, username: user.username, why: explainFromDetails(interaction, config), totpSecret: user.totpSecret, qrSvg, error }),
  );
}

function logAuthentication(accountId: string, acr: string, amr: string[], reason: string) {
  console.log(`idp auth: sub=${accountId} acr=${acr} amr=${amr.join(",")} reason=${reason}`);
}

/** Rejects a form posted for another interaction than the one in the cookie. */
async function loadInteraction(provider: Provider, req: Request, res: Response): Promise<Interaction | undefined> {
  const interaction = await provider.interactionDetails(req, res);
  if (interaction.uid !== req.params.uid) {
    res.status(400).type("html").send(messagePage("Sign-in problem", "This sign-in page is out of date. Return to the application and try again."));
    return undefined;
  }
  return interaction;
}

/** Grants the first-party client what it asked for: there is no consent page. */
async function grantConsent(provider: Provider, interaction: Interaction): Promise<string> {
  const accountId = interaction.session?.accountId;
  const clientId = interaction.params.client_id;
  if (!accountId || typeof clientId !== "string") throw new Error("consent without a session or client");
  const existing = interaction.grantId ? await provider.Grant.find(interaction.grantId) : undefined;
  const grant = existing ?? new provider.Grant({ accountId, clientId });
  const details = interaction.prompt.details;
  if (Array.isArray(details.missingOIDCScope)) grant.addOIDCScope(details.missingOIDCScope.join(" "));
  if (Array.isArray(details.missingOIDCClaims)) grant.addOIDCClaims(details.missingOIDCClaims.filter((c): c is string => typeof c === "string"));
  const resourceScopes = details.missingResourceScopes;
  if (typeof resourceScopes === "object" && resourceScopes !== null) {
    for (const [indicator, scopes] of Object.entries(resourceScopes)) {
      if (Array.isArray(scopes)) grant.addResourceScope(indicator, scopes.join(" "));
    }
  }
  return grant.save();
}

/** Ends the interaction as a multi-factor sign-in. RFC 8176: a password (now or earlier in this session), the factor, `mfa`. */
async function finishSecondFactor(
  provider: Provider,
  config: IdpConfig,
  req: Request,
  res: Response,
  interaction: Interaction,
  accountId: string,
  method: string,
) {
  // RFC 8176: a password (now or earlier in this session) plus the factor used, in the imitated vendor's words.
  const amr = config.impersonation.mfaAmr.map((m) => (m === AMR.oneTimePassword ? method : m));
  const acr = config.impersonation.profile.mfaAcr;
  const reason = typeof interaction.prompt.details.mfa_reason === "string" ? interaction.prompt.details.mfa_reason : "step-up";
  logAuthentication(accountId, acr, amr, passwordStep(interaction) ? reason : `${reason} (second factor only)`);
  // The ACR is the multi-factor one whichever factor was used; amr says which.
  const result: InteractionResults = { login: { accountId, acr, amr, ts: now() } };
  await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
}

/** The second factors besides the one-time code (push approval, passkeys), kept in idp/factors/. */
export interface FactorStores {
  pushes: PushRequests;
  passkeys: Passkeys;
}

/**
 * Mounts `/interaction/:uid` routes; mount before `provider.callback()`. `guards` are the IdP's one lockout count
 * and one record of spent codes, shared with the account pages.
 */
export function interactionRoutes(provider: Provider, config: IdpConfig, factors: FactorStores, guards: SignInGuards): Router {
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: "10kb" });
  const { usedCodes } = guards;
  // Sign-in pages must never be cached or framed (the CSP with frame-ancestors 'none' comes from idp/app.ts).
  router.use("/interaction", (_req, res, next) => {
    res.set({ "Cache-Control": "no-store", "X-Frame-Options": "DENY" });
    next();
  });

  const flow: SecondFactorFlow = {
    load: (req, res) => loadInteraction(provider, req, res),
    account: secondFactorAccount,
    why: (interaction) => explainFromDetails(interaction, config),
    finish: (req, res, interaction, accountId, method) => finishSecondFactor(provider, config, req, res, interaction, accountId, method),
  };
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
      await renderOtp(res, interaction, config, accountId);
      return;
    }
    // login_hint (the app sends the current sub when stepping up) only pre-fills the field.
    const hint = typeof interaction.params.login_hint === "string" ? interaction.params.login_hint : undefined;
    res.type("html").send(loginPage({ uid: interaction.uid, clientName: CLIENT_NAME, username: hint, notice: reauthNoticeFor(interaction, config) }));
  });

  router.post("/interaction/:uid/login", form, async (req, res) => {
    const interaction = await loadInteraction(provider, req, res);
    if (!interaction) return;
    const refuse = (status: number, error: string, username = "") =>
      void res.status(status).type("html").send(
        loginPage({ uid: interaction.uid, clientName: CLIENT_NAME, username, error, notice: reauthNoticeFor(interaction, config) }),
      );
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
      const refusal = attempt.failed(now());
      console.log(`idp auth: username=${JSON.stringify(username)} wrong password${refusal ? ` (${refusal.kind})` : ""}`);
      if (refusal) return refuse(429, refusalMessage(refusal), username);
      return refuse(400, "Wrong username or password. Check both and try again.", username);
    }
    const decision = decisionAfterPassword(interaction, config);
    if (decision.required) {
      // The sign-in is not complete: the count starts over only after the second factor.
      attempt.release();
      // Post/redirect/get: the code page is a GET, so reloading it does not resubmit the password.
      interaction.result = { [PASSWORD_STEP]: { accountId: user.username, ts: now() } };
      await interaction.save(interaction.exp - now());
      res.redirect(303, `/interaction/${encodeURIComponent(interaction.uid)}`);
      return;
    }
    const amr = [AMR.password];
    attempt.succeeded();
    const { passwordAcr } = config.impersonation;
    logAuthentication(user.username, passwordAcr, amr, "password");
    await provider.interactionFinished(req, res, { login: { accountId: user.username, acr: passwordAcr, amr, ts: now() } }, { mergeWithLastSubmission: false });
  });

  router.post("/interaction/:uid/otp", form, async (req, res) => {
    const interaction = await loadInteraction(provider, req, res);
    if (!interaction) return;
    const accountId = secondFactorAccount(interaction);
    const user = accountId ? await findUser(accountId) : undefined;
    if (!user) {
      res.redirect(303, `/interaction/${encodeURIComponent(interaction.uid)}`);
      return;
    }
    const refuse = (status: number, error: string) => renderOtp(res, interaction, config, user.username, error, status);
    const fields = readForm(codeForm, req.body);
    if (!fields.ok) return refuse(400, fields.message);
    // What cannot be a code is not a guess: said plainly, not counted.
    const code = normalizeCode(fields.data.code);
    if (!code) return refuse(400, NOT_A_CODE);
    const admission = await beginAttempt(guards, user.username, clientAddress(req));
    if (!admission.ok) {
      console.log(`idp auth: sub=${user.username} one-time code not checked (${admission.refusal.kind})`);
      return refuse(429, `${refusalMessage(admission.refusal)} ${OTHER_FACTORS_STILL_WORK}`);
    }
    const { attempt } = admission;
    const step = await whileHoldingTurn(attempt, async () => totpStep(user.username, user.totpSecret, code));
    if (step !== undefined && !usedCodes.consume(user.username, step)) {
      attempt.release();
      // RFC 6238 §5.2: a code accepted once is refused for the rest of its window (it may have been phished).
      console.log(`idp auth: sub=${user.username} refused a one-time code that was already used`);
      return refuse(400, "That code was already used. Wait for the next code in your authenticator app and enter it.");
    }
    if (step === undefined) {
      const refusal = attempt.failed(now());
      const failed = Number(interaction.result?.[FAILED_CODES] ?? 0) + 1;
      console.log(`idp auth: sub=${user.username} wrong one-time code (${failed} in this sign-in)${refusal ? ` (${refusal.kind})` : ""}`);
      if (refusal || failed >= MAX_FAILED_CODES) {
        console.log(`idp auth: sub=${user.username} refused after ${failed} wrong one-time codes`);
        const error = { error: "access_denied", error_description: "too many wrong one-time codes" };
        await provider.interactionFinished(req, res, error, { mergeWithLastSubmission: false });
        return;
      }
      interaction.result = { ...interaction.result, [FAILED_CODES]: failed };
      await interaction.save(interaction.exp - now());
      return refuse(400, "That code is not right or has expired. Enter the current 6-digit code from your authenticator app.");
    }
    attempt.succeeded();
    await finishSecondFactor(provider, config, req, res, interaction, user.username, AMR.oneTimePassword);
  });

  router.post("/interaction/:uid/abort", async (req, res) => {
    const interaction = await loadInteraction(provider, req, res);
    if (!interaction) return;
    await provider.interactionFinished(req, res, { error: "access_denied", error_description: "End-User aborted interaction" }, { mergeWithLastSubmission: false });
  });

  // An expired or unknown interaction is a normal event (back button, old tab), not a crash. Everything else goes on
  // to the IdP's last error handler (idp/request-errors.ts), which tells a bad request from our own failure.
  router.use("/interaction", (error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent || !(error instanceof errors.SessionNotFound)) return next(error);
    res.status(400).type("html").send(messagePage("Sign-in expired", `This sign-in attempt has expired. Return to ${CLIENT_NAME} and sign in again.`));
  });

  return router;
}
