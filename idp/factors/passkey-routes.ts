/** Passkeys as the second factor on the sign-in page: options with a fresh challenge, then the assertion. */
import express, { type Router } from "express";
import type { Interaction } from "oidc-provider";
import { findUser } from "../accounts";
import { passkeyForm, readForm } from "../forms";
import { passkeySignInPage } from "../views/passkey";
import { PasskeyError, type Passkeys, parseCeremonyResponse } from "./passkeys";
import { remainingTtl, type SecondFactorFlow } from "./second-factor";

/** Kept in `interaction.result`: the challenge the next assertion must sign. */
const PASSKEY_CHALLENGE = "fabrikamPasskeyChallenge";

function storedChallenge(interaction: Interaction): string | undefined {
  const value = interaction.result?.[PASSKEY_CHALLENGE];
  return typeof value === "string" ? value : undefined;
}

/** Mounts `/interaction/:uid/passkey`. */
export function passkeyRoutes(flow: SecondFactorFlow, passkeys: Passkeys): Router {
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: "32kb" });

  const render = async (interaction: Interaction, accountId: string, error?: string) => {
    const view = { uid: interaction.uid, username: accountId, why: flow.why(interaction), approval: await flow.approval(interaction), error };
    if (passkeys.list(accountId).length === 0) return passkeySignInPage(view);
    const options = await passkeys.authenticationOptions(accountId);
    // A new challenge for every page: the previous one can no longer be used.
    interaction.result = { ...interaction.result, [PASSKEY_CHALLENGE]: options.challenge };
    await interaction.save(remainingTtl(interaction));
    return passkeySignInPage({ ...view, options });
  };

  router.get("/interaction/:uid/passkey", async (req, res) => {
    const interaction = await flow.load(req, res);
    if (!interaction) return;
    const accountId = flow.account(interaction);
    if (!accountId || !(await findUser(accountId))) {
      res.redirect(303, `/interaction/${encodeURIComponent(interaction.uid)}`);
      return;
    }
    res.type("html").send(await render(interaction, accountId));
  });

  router.post("/interaction/:uid/passkey", form, async (req, res) => {
    const interaction = await flow.load(req, res);
    if (!interaction) return;
    const accountId = flow.account(interaction);
    const challenge = storedChallenge(interaction);
    if (!accountId || !challenge) {
      res.redirect(303, `/interaction/${encodeURIComponent(interaction.uid)}${accountId ? "/passkey" : ""}`);
      return;
    }
    // Single use: whatever the outcome, this challenge is spent.
    interaction.result = { ...interaction.result, [PASSKEY_CHALLENGE]: undefined };
    await interaction.save(remainingTtl(interaction));
    const fields = readForm(passkeyForm, req.body);
    try {
      if (!fields.ok) throw new PasskeyError("bad_response", fields.message);
      const passkey = await passkeys.authenticate(accountId, parseCeremonyResponse(fields.data.response), challenge);
      await flow.finish(req, res, interaction, accountId, passkey.amr);
    } catch (error) {
      if (!(error instanceof PasskeyError)) throw error;
      console.log(`idp passkey: sub=${accountId} refused (${error.code}${error.detail ? `: ${JSON.stringify(error.detail)}` : ""})`);
      res
        .status(400)
        .type("html")
        .send(await render(interaction, accountId, error.message));
    }
  });

  return router;
}
