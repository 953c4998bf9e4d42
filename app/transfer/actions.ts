"use server";

import { randomUUID } from "node:crypto";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { REFUSAL_REASONS } from "@/common/api-refusals";
import { transferDetails } from "@/common/authorization-details";
import { audit } from "@/lib/audit/audit";
import { startAuthorization } from "@/lib/auth/authorize";
import { appCookies } from "@/lib/auth/cookies";
import { getSession, loginUrl, saveSession, takeSessionTransferToken } from "@/lib/auth/dal";
import { FLASH_MAX_AGE, type FlashKind, refusalFlash } from "@/lib/auth/flash";
import { keepLoginTransaction } from "@/lib/auth/login-state";
import { evaluatePolicy, policyForPath } from "@/lib/auth/policy";
import { authStateOf, type Session } from "@/lib/auth/session";
import type { StepUpChallenge } from "@/lib/auth/step-up-challenge";
import { config } from "@/lib/config";
import { createTransfer } from "@/lib/fabrikam/client";
import { ApiUnavailableError, FabrikamApiError, StepUpRequiredError } from "@/lib/fabrikam/errors";
import type { CompletedTransfer } from "@/lib/fabrikam/types";
import { clearPendingTransfer, type PendingTransfer, readPendingTransfer, savePendingTransfer } from "@/lib/transfers/pending-transfer";
import { approvalDigestOf } from "@/lib/transfers/transfer-approval";
import { parseTransferForm } from "@/lib/transfers/transfer-input";
import { checkTransferParties } from "@/lib/transfers/transfer-parties";
import { receiptOf, saveTransferReceipt } from "@/lib/transfers/transfer-receipt";
import type { TransferFormState } from "./form-state";

/** Where a transfer waits for the second factor that approves it, and for the user's confirmation. */
const CONFIRM_PAGE = "/transfer/confirm";

/**
 * Submits the transfer form: checks it, keeps it (sealed, bound to this session) and sends the user to its
 * confirmation page, whose policy asks the provider to approve this exact transfer with a second factor. A public
 * endpoint like any action: it checks the session itself.
 */
export async function submitTransfer(_previous: TransferFormState, form: FormData): Promise<TransferFormState> {
  const session = await getSession();
  if (!session?.accessToken) redirect(loginUrl("/transfer"));
  const parsed = parseTransferForm(form);
  if (!parsed.ok) return { errors: parsed.errors, values: formValues(form), message: "Check the highlighted fields." };
  // Checked before any second factor is asked for: a crafted post naming someone else's account spends nothing.
  let parties: Awaited<ReturnType<typeof checkTransferParties>>;
  try {
    parties = await checkTransferParties(session.accessToken.value, parsed.input);
  } catch (error) {
    if (error instanceof ApiUnavailableError)
      return { message: "The Accounts API could not be reached, so nothing was transferred. Try again in a moment.", values: formValues(form) };
    if (error instanceof FabrikamApiError) redirect(loginUrl("/transfer"));
    throw error;
  }
  if (!parties.ok) return { errors: parties.errors, values: formValues(form), message: "Check the highlighted fields." };
  await savePendingTransfer(await cookies(), {
    ...parsed.input,
    sid: session.sid,
    fromLabel: parties.fromLabel,
    toLabel: parties.toLabel,
    idempotencyKey: randomUUID(),
    reason: "A transfer needs a second factor of its own, every time.",
  });
  redirect(CONFIRM_PAGE);
}

/** Confirms the pending transfer with the transfer token its second factor approved. */
export async function confirmPendingTransfer(_previous: TransferFormState): Promise<TransferFormState> {
  const session = await getSession();
  if (!session) redirect(loginUrl(CONFIRM_PAGE));
  const pending = await readPendingTransfer(await cookies(), session.sid);
  if (!pending) return { message: "There is no pending transfer any more (they are kept for ten minutes). Fill in the form again." };
  return execute(session, pending);
}

/** Drops the pending transfer. */
export async function cancelPendingTransfer(): Promise<void> {
  clearPendingTransfer(await cookies());
  redirect("/transfer");
}

async function execute(session: Session, transfer: PendingTransfer): Promise<TransferFormState> {
  const info = session.transferToken;
  const policy = policyForPath(CONFIRM_PAGE);
  // The confirmation page's own policy: an unused transfer token, approved for this transfer where the provider can.
  const verdict = policy && evaluatePolicy(policy, authStateOf(session, approvalDigestOf(transfer)), Math.floor(Date.now() / 1000), config().profile);
  // Single use: the token leaves the store (atomically) and the session before it is presented, whatever the API
  // answers; a second confirmation, or an old copy of the cookie, finds nothing to present.
  const value = info && verdict?.ok ? await takeSessionTransferToken(session) : undefined;
  if (!info || !value) {
    await audit(session.sub, "step_up_requested", { by: "app", purpose: "transfer" });
    return stepUp({ ...session, transferToken: undefined }, transfer);
  }
  const token = { ...info, value };
  await saveSession({ ...session, transferToken: undefined });

  const jar = await cookies();
  let completed: CompletedTransfer;
  try {
    completed = await createTransfer(token, { from: transfer.from, to: transfer.to, amount: transfer.amount, memo: transfer.memo }, transfer.idempotencyKey);
  } catch (error) {
    if (error instanceof StepUpRequiredError) {
      await audit(session.sub, "step_up_requested", { by: "api", acr_values: error.challenge.acrValues, max_age: error.challenge.maxAge });
      return stepUp({ ...session, transferToken: undefined }, { ...transfer, reason: error.description }, error.challenge);
    }
    if (error instanceof FabrikamApiError) {
      // The API names a jti it has already spent in its error body's machine-readable reason.
      const replayed = error.reason === REFUSAL_REASONS.tokenReplayed;
      await audit(session.sub, replayed ? "token_replay_refused" : "transfer_refused", { status: error.status, code: error.code });
      clearPendingTransfer(jar);
      // The form says why, by a one-shot notice: this page's policy no longer holds once the token is spent.
      appCookies(config().secureCookies).flash.write(jar, refusalFlash(error.code), FLASH_MAX_AGE);
      redirect("/transfer");
    }
    if (error instanceof ApiUnavailableError) {
      // Kept: the transfer page says the API is away and offers this transfer again once it is back.
      await savePendingTransfer(jar, { ...transfer, reason: "The Accounts API could not be reached, so the transfer was not sent." });
      redirect("/transfer");
    }
    throw error;
  }
  await audit(session.sub, "transfer_completed", { transfer: completed.id, amount: transfer.amount, from: transfer.from, to: transfer.to });
  clearPendingTransfer(jar);
  // The notice on /accounts names what moved; the flash itself carries only "transfer_done".
  await saveTransferReceipt(jar, receiptOf(session.sid, transfer, completed));
  // Said by a one-shot cookie, not the URL: a link cannot make the page claim a transfer happened.
  appCookies(config().secureCookies).flash.write(jar, "transfer_done" satisfies FlashKind, FLASH_MAX_AGE);
  redirect("/accounts");
}

// Keeps the transfer, then sends the user to the provider to approve exactly it, with what the confirmation page's
// policy (or the API's challenge) demands, coming back to that page.
async function stepUp(session: Session, pending: PendingTransfer, challenge?: StepUpChallenge): Promise<never> {
  const jar = await cookies();
  await savePendingTransfer(jar, pending);
  const { url, transaction } = await startAuthorization(CONFIRM_PAGE, session, { transfer: transferDetails(pending), challenge });
  keepLoginTransaction(jar, jar, transaction, config().secureCookies);
  redirect(url.toString());
}

function formValues(source: FormData): TransferFormState["values"] {
  const get = (key: "from" | "to" | "amount" | "memo") => {
    const value = source.get(key);
    return typeof value === "string" ? value : undefined;
  };
  return { from: get("from"), to: get("to"), amount: get("amount"), memo: get("memo") };
}
