/** The one-time code page of a sign-in (RFC 6238 TOTP), the default second factor. */
import express, { type Response, type Router } from "express";
import type { Interaction } from "oidc-provider";
import QRCode from "qrcode";
import { AMR } from "../../common/step-up";
import { findUser } from "../accounts";
import { codeForm, NOT_A_CODE, readForm } from "../forms";
import { nowSeconds } from "../interaction-state";
import { beginAttempt, clientAddress, refusalMessage, type SignInGuards, whileHoldingTurn } from "../sign-in-guards";
import { normalizeCode, totpStep, totpUri } from "../totp";
import { otpPage } from "../views/otp";
import type { SecondFactorFlow } from "./second-factor";

const FAILED_CODES = "fabrikamFailedCodes";

// Guessing a 6-digit code needs many tries: end the attempt after a few wrong ones (the account lock follows).
const MAX_FAILED_CODES = 5;

// The lock guards what can be guessed; these factors cannot be, and their routes do not check it (sign-in-guards.ts).
const OTHER_FACTORS_STILL_WORK = "A passkey or a push approval still works: choose one under “Other ways to verify”.";

/** Shows the code page for `accountId`, with the QR code of its secret (a dev IdP's convenience). */
export async function renderOtp(
  res: Response,
  interaction: Interaction,
  flow: SecondFactorFlow,
  accountId: string,
  error?: string,
  status = error ? 400 : 200,
): Promise<void> {
  const user = await findUser(accountId);
  if (!user) throw new Error(`account ${accountId} vanished`);
  const [qrSvg, approval] = await Promise.all([
    QRCode.toString(totpUri(user.username, user.totpSecret), { type: "svg", margin: 1 }),
    flow.approval(interaction),
  ]);
  res
    .status(status)
    .type("html")
    .send(otpPage({ uid: interaction.uid, username: user.username, why: flow.why(interaction), approval, totpSecret: user.totpSecret, qrSvg, error }));
}

/** Mounts `POST /interaction/:uid/otp`; `guards` are the IdP's one lockout count and one record of spent codes. */
export function otpRoutes(flow: SecondFactorFlow, guards: SignInGuards): Router {
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: "10kb" });

  router.post("/interaction/:uid/otp", form, async (req, res) => {
    const interaction = await flow.load(req, res);
    if (!interaction) return;
    const accountId = flow.account(interaction);
    const user = accountId ? await findUser(accountId) : undefined;
    if (!user) {
      res.redirect(303, `/interaction/${encodeURIComponent(interaction.uid)}`);
      return;
    }
    const refuse = (status: number, error: string) => renderOtp(res, interaction, flow, user.username, error, status);
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
    if (step !== undefined && !guards.usedCodes.consume(user.username, step)) {
      attempt.release();
      // RFC 6238 §5.2: a code accepted once is refused for the rest of its window (it may have been phished).
      console.log(`idp auth: sub=${user.username} refused a one-time code that was already used`);
      return refuse(400, "That code was already used. Wait for the next code in your authenticator app and enter it.");
    }
    if (step === undefined) {
      const refusal = attempt.failed(nowSeconds());
      const failed = Number(interaction.result?.[FAILED_CODES] ?? 0) + 1;
      console.log(`idp auth: sub=${user.username} wrong one-time code (${failed} in this sign-in)${refusal ? ` (${refusal.kind})` : ""}`);
      if (refusal || failed >= MAX_FAILED_CODES) {
        console.log(`idp auth: sub=${user.username} refused after ${failed} wrong one-time codes`);
        await flow.deny(req, res, "too many wrong one-time codes");
        return;
      }
      interaction.result = { ...interaction.result, [FAILED_CODES]: failed };
      await interaction.save(interaction.exp - nowSeconds());
      return refuse(400, "That code is not right or has expired. Enter the current 6-digit code from your authenticator app.");
    }
    attempt.succeeded();
    await flow.finish(req, res, interaction, user.username, AMR.oneTimePassword);
  });

  return router;
}
