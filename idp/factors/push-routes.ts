/** Push approval on the sign-in page: send a request, wait for the device's answer, finish on approval. */
import express, { type Request, type Response, type Router } from "express";
import { findUser } from "../accounts";
import { CLIENT_NAME } from "../client-name";
import { requestedTransfer, transferKey } from "../transfer-request";
import { pushWaitPage } from "../views/push-wait";
import { AMR_MULTI_CHANNEL } from "./amr";
import { MAX_PENDING_PER_ACCOUNT, type PushRequests, type PushStatus } from "./push";
import { finishedReturnTo, type SecondFactorFlow } from "./second-factor";

const TOO_MANY_WAITING =
  `Your device already has ${MAX_PENDING_PER_ACCOUNT} sign-in requests waiting, so no new one was sent. ` +
  "Answer or deny them on Fabrikam Verify, or wait two minutes for them to expire, then send a new request.";

/** Why the sign-in cannot continue with this request; undefined while it can (waiting or approved). */
function endedMessage(status: PushStatus | undefined): string | undefined {
  switch (status) {
    case "pending":
    case "approved":
    case "used": // Never reaches here: waitingSignIn sends a spent request's sign-in on.
      return undefined;
    case "denied":
      return "The sign-in request was denied on your device, so you were not signed in. If you did not deny it, send a new request or choose another way to verify.";
    case "wrong_number":
      return "The number typed on your device did not match the one shown here, so the request was denied and you were not signed in. Send a new request and type the number this page shows.";
    case "expired":
      return "The request expired before it was answered. Send a new one.";
    case undefined:
      return "No request is waiting. Send a new one to your device.";
  }
}

/**
 * The interaction and its user for the waiting page and its completion; without a user (no password step yet) the
 * browser goes back to the sign-in page, and undefined tells the caller the response is already sent.
 */
async function waitingSignIn(flow: SecondFactorFlow, pushes: PushRequests, req: Request, res: Response) {
  const interaction = await flow.load(req, res);
  if (!interaction) return undefined;
  // Finished, or finishing right now, by an earlier post (the button and the poll both posted): follow that one.
  const spent = pushes.forInteraction(interaction.uid)?.status === "used";
  const returnTo = finishedReturnTo(interaction) ?? (spent ? interaction.returnTo : undefined);
  if (returnTo) {
    res.redirect(303, returnTo);
    return undefined;
  }
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
    const why = flow.why(interaction);
    const approval = await flow.approval(interaction);
    // The device shows the transfer, and the request is bound to exactly it (dynamic linking).
    const key = transferKey(requestedTransfer(interaction.params.authorization_details));
    if (!pushes.create({ accountId, interactionUid: interaction.uid, clientName: CLIENT_NAME, why, approval, transferKey: key })) {
      console.log(`idp push: refused to send ${accountId} another request (${MAX_PENDING_PER_ACCOUNT} waiting)`);
      res
        .status(429)
        .type("html")
        .send(pushWaitPage({ uid: interaction.uid, username: accountId, why, approval, error: TOO_MANY_WAITING }));
      return;
    }
    console.log(`idp push: sent a request to ${accountId}'s device`);
    // Post/redirect/get: reloading the waiting page must not send another request.
    res.redirect(303, `/interaction/${encodeURIComponent(interaction.uid)}/push`);
  });

  router.get("/interaction/:uid/push", async (req, res) => {
    const waiting = await waitingSignIn(flow, pushes, req, res);
    if (!waiting) return;
    const { interaction, user } = waiting;
    const request = pushes.forInteraction(interaction.uid);
    const error = endedMessage(request?.status);
    const approval = request?.approval ?? (await flow.approval(interaction));
    res
      .status(error ? 400 : 200)
      .type("html")
      .send(pushWaitPage({ uid: interaction.uid, username: user.username, why: flow.why(interaction), approval, number: request?.number, error }));
  });

  // Polled by the waiting page: only the status of this interaction's own request.
  router.get("/interaction/:uid/push/status", async (req, res) => {
    const interaction = await flow.load(req, res);
    if (!interaction) return;
    res.json({ status: pushes.forInteraction(interaction.uid)?.status ?? "expired" });
  });

  router.post("/interaction/:uid/push/complete", async (req, res) => {
    const waiting = await waitingSignIn(flow, pushes, req, res);
    if (!waiting) return;
    const { interaction, user } = waiting;
    const key = transferKey(requestedTransfer(interaction.params.authorization_details));
    if (pushes.consumeApproval(interaction.uid, user.username, key)) {
      await flow.finish(req, res, interaction, user.username, AMR_MULTI_CHANNEL);
      return;
    }
    const request = pushes.forInteraction(interaction.uid);
    const view = { uid: interaction.uid, username: user.username, why: flow.why(interaction), approval: request?.approval, number: request?.number };
    const error = endedMessage(request?.status);
    if (!error) {
      res
        .status(409)
        .type("html")
        .send(pushWaitPage({ ...view, notice: "Not approved yet. Approve the request on your device; this page continues by itself." }));
      return;
    }
    res
      .status(400)
      .type("html")
      .send(pushWaitPage({ ...view, error }));
  });

  return router;
}
