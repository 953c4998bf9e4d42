/**
 * What every sign-in route reads from or writes to an oidc-provider interaction: the interaction named by the URL,
 * the password step kept between the password and second-factor pages, whose second factor is due, and how a
 * multi-factor sign-in ends.
 */
import type { Request, Response } from "express";
import type Provider from "oidc-provider";
import type { Interaction, InteractionResults } from "oidc-provider";
import { AMR } from "../common/step-up";
import type { IdpConfig } from "./config";
import { MFA_CHECK_REASON, SECOND_FACTOR_REASONS } from "./interaction-policy";
import { type MfaDecision, mfaDecision } from "./mfa-policy";
import { requestedTransfer } from "./transfer-request";
import { messagePage } from "./views/message";

/** Kept in `interaction.result` between the password page and the code page. */
interface PasswordStep {
  accountId: string;
  ts: number;
}

const PASSWORD_STEP = "fabrikamPasswordStep";

/** Seconds since the epoch, the unit of oidc-provider's timestamps. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

function passwordStep(interaction: Interaction): PasswordStep | undefined {
  const value = interaction.result?.[PASSWORD_STEP];
  if (typeof value !== "object" || value === null) return undefined;
  const { accountId, ts } = value as Record<string, unknown>;
  return typeof accountId === "string" && typeof ts === "number" ? { accountId, ts } : undefined;
}

/** Records that `accountId` passed the password step, for the second-factor page that follows. */
export async function savePasswordStep(interaction: Interaction, accountId: string): Promise<void> {
  interaction.result = { [PASSWORD_STEP]: { accountId, ts: nowSeconds() } };
  await interaction.save(interaction.exp - nowSeconds());
}

/** Which account the code page is for: a password just checked, or (step-up) the session's own. */
export function secondFactorAccount(interaction: Interaction): string | undefined {
  const step = passwordStep(interaction);
  if (step) return step.accountId;
  const { reasons } = interaction.prompt;
  const onlySecondFactor = reasons.length > 0 && reasons.every((reason) => SECOND_FACTOR_REASONS.has(reason));
  return onlySecondFactor && reasons.includes(MFA_CHECK_REASON) ? interaction.session?.accountId : undefined;
}

/** The policy evaluated for a fresh authentication, from the stored authorization parameters. */
export function decisionAfterPassword(interaction: Interaction, config: IdpConfig): MfaDecision {
  const { params } = interaction;
  let claims: unknown;
  try {
    claims = typeof params.claims === "string" ? JSON.parse(params.claims) : undefined;
  } catch {
    claims = undefined; // oidc-provider already rejected malformed claims before the interaction.
  }
  return mfaDecision({
    acrValues: params.acr_values,
    claims,
    scope: params.scope,
    transfer: requestedTransfer(params.authorization_details) !== undefined,
    sessionHasMfa: false,
    policy: config.mfaPolicy,
    profile: config.impersonation.profile,
  });
}

/** One line per finished authentication in the IdP's log. */
export function logAuthentication(accountId: string, acr: string, amr: string[], reason: string): void {
  console.log(`idp auth: sub=${accountId} acr=${acr} amr=${amr.join(",")} reason=${reason}`);
}

/** Rejects a form posted for another interaction than the one in the cookie. */
export async function loadInteraction(provider: Provider, req: Request, res: Response): Promise<Interaction | undefined> {
  const interaction = await provider.interactionDetails(req, res);
  if (interaction.uid !== req.params.uid) {
    res.status(400).type("html").send(messagePage("Sign-in problem", "This sign-in page is out of date. Return to the application and try again."));
    return undefined;
  }
  return interaction;
}

/** Ends the interaction as a multi-factor sign-in. RFC 8176: a password (now or earlier in this session), the factor, `mfa`. */
export async function finishSecondFactor(
  provider: Provider,
  config: IdpConfig,
  req: Request,
  res: Response,
  interaction: Interaction,
  accountId: string,
  method: string,
): Promise<void> {
  // RFC 8176: a password (now or earlier in this session) plus the factor used, in the imitated vendor's words.
  const amr = config.impersonation.mfaAmr.map((m) => (m === AMR.oneTimePassword ? method : m));
  const acr = config.impersonation.profile.mfaAcr;
  const reason = typeof interaction.prompt.details.mfa_reason === "string" ? interaction.prompt.details.mfa_reason : "step-up";
  logAuthentication(accountId, acr, amr, passwordStep(interaction) ? reason : `${reason} (second factor only)`);
  // The ACR is the multi-factor one whichever factor was used; amr says which.
  const result: InteractionResults = { login: { accountId, acr, amr, ts: nowSeconds() } };
  await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
}
