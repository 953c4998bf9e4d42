/** Push approval on the sign-in page: send a request, wait for the device's answer, finish on approval. */
import express, { type Request, type Response, type Router } from "express";
import { findUser } from "../accounts";
import { pushWaitPage } from "../views/push-wait";
import { AMR_MULTI_CHANNEL } from "./amr";
import type { PushRequests } from "./push";
import type { SecondFactorFlow } from "./second-factor";

const CLIENT_NAME = "Fabrikam Intranet";

/**
 * The interaction and its user for the waiting page and its completion; without a user (no password step yet) the
 * browser goes back to the sign-in page, and undefined tells the caller the response is already sent.
 */
async function waitingSignIn(flow: SecondFactorFlow, req: Request, res: Response) {
  const interaction = await flow.load(req, res);
  if (!interaction) return undefined;
  const accountId = flow.account(interaction);
  const user = accountId ? await findUser(accountId) : undefined;
  if (!user) {
    res.redirect(303, `/interaction/${encodeURIComponent(interaction.uid)}`);
    return undefined;
  }
  return { interaction, user };
}

/** Mounts `/interaction/:uid/push*`. */
export function pushRoutes(flow: SecondFactorFlow, pushes: PushRequests): Router {
  const router = express.Router();

  router.post("/interaction/:uid/push", async (req, res) => {
    const interaction = await flow.load(req, res);
    if (!interaction) return;
    const accountId = flow.account(interaction);
    if (!accountId) {
      res.redirect(303, `/interaction/${encodeURIComponent(interaction.uid)}`);
      return;
    }
    pushes.create({ accountId, interactionUid: interaction.uid, clientName: CLIENT_NAME, why: flow.why(interaction) });
    console.log(`idp push: sent a request to ${accountId}'s device`);
    // Post/redirect/get: reloading the waiting page must not send another request.
    res.redirect(303, `/interaction/${encodeURIComponent(interaction.uid)}/push`);
  });

  router.get("/interaction/:uid/push", async (req, res) => {
    const waiting = await waitingSignIn(flow, req, res);
    if (!waiting) return;
    const { interaction, user } = waiting;
    const request = pushes.forInteraction(interaction.uid);
    const error = !request
      ? "No request is waiting. Send a new one to your device."
      : request.status === "expired"
        ? "The request expired before it was answered. Send a new one."
        : undefined;
    res.status(error ? 400 : 200).type("html").send(pushWaitPage({ uid: interaction.uid, username: user.username, why: flow.why(interaction), error }));
  });

  // Polled by the waiting page: only the status of this interaction's own request.
  router.get("/interaction/:uid/push/status", async (req, res) => {
    const interaction = await flow.load(req, res);
    if (!interaction) return;
    res.json({ status: pushes.forInteraction(interaction.uid)?.status ?? "expired" });
  });

  router.post("/interaction/:uid/push/complete", async (req, res) => {
    const waiting = await waitingSignIn(flow, req, res);
    if (!waiting) return;
    const { interaction, user } = waiting;
    if (pushes.consumeApproval(interaction.uid, user.username)) {
      await flow.finish(req, res, interaction, user.username, AMR_MULTI_CHANNEL);
      return;
    }
    const status = pushes.forInteraction(interaction.uid)?.status;
    const view = { uid: interaction.uid, username: user.username, why: flow.why(interaction) };
    if (status === "pending") {
      res.status(409).type("html").send(pushWaitPage({ ...view, notice: "Not approved yet. Approve the request on your device; this page continues by itself." }));
      return;
    }
    const error =
      status === "denied"
        ? "The sign-in request was denied on your device, so you were not signed in. If you did not deny it, send a new request or choose another way to verify."
        : "The request expired before it was answered. Send a new one.";
    res.status(400).type("html").send(pushWaitPage({ ...view, error }));
  });

  return router;
}
