"use server";

import { randomUUID } from "node:crypto";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { REFUSAL_REASONS } from "@/common/api-refusals";
import { audit } from "@/lib/audit/audit";
import { startAuthorization } from "@/lib/auth/authorize";
import { appCookies } from "@/lib/auth/cookies";
import { getSession, loginUrl, saveSession } from "@/lib/auth/dal";
import { FLASH_MAX_AGE, type FlashKind } from "@/lib/auth/flash";
import { keepLoginTransaction } from "@/lib/auth/login-state";
import { evaluatePolicy, TRANSFER_SPENDING } from "@/lib/auth/policy";
import { authStateOf, type Session } from "@/lib/auth/session";
import type { StepUpChallenge } from "@/lib/auth/step-up-challenge";
import { config } from "@/lib/config";
import { createTransfer } from "@/lib/fabrikam/client";
import { ApiUnavailableError, FabrikamApiError, StepUpRequiredError } from "@/lib/fabrikam/errors";
import { clearPendingTransfer, type PendingTransfer, readPendingTransfer, savePendingTransfer } from "@/lib/transfers/pending-transfer";
import { parseTransferForm, type TransferInput } from "@/lib/transfers/transfer-input";
import { transferPartyErrors } from "@/lib/transfers/transfer-parties";
import type { TransferFormState } from "./form-state";

/** Submits the transfer form. A public endpoint like any action: it checks the session and the token itself. */
export async function submitTransfer(_previous: TransferFormState, form: FormData): Promise<TransferFormState> {
  const session = await getSession();
  if (!session?.accessToken) redirect(loginUrl("/transfer"));
  const parsed = parseTransferForm(form);
  if (!parsed.ok) return { errors: parsed.errors, values: formValues(form), message: "Check the highlighted fields." };
  // Checked before any second factor is asked for: a crafted post naming someone else's account spends nothing.
  let errors: Awaited<ReturnType<typeof transferPartyErrors>>;
  try {
    errors = await transferPartyErrors(session.accessToken.value, parsed.input);
  } catch (error) {
    if (error instanceof ApiUnavailableError)
      return { message: "The Accounts API could not be reached, so nothing was transferred. Try again in a moment.", values: formValues(form) };
    if (error instanceof FabrikamApiError) redirect(loginUrl("/transfer"));
    throw error;
  }
  if (Object.keys(errors).length > 0) return { errors, values: formValues(form), message: "Check the highlighted fields." };
  return execute(session, { ...parsed.input, sid: session.sid, idempotencyKey: randomUUID(), reason: "" }, formValues(form));
}

/** Confirms the pending transfer kept across a step-up. */
export async function confirmPendingTransfer(_previous: TransferFormState): Promise<TransferFormState> {
  const session = await getSession();
  if (!session) redirect(loginUrl("/transfer"));
  const pending = await readPendingTransfer(await cookies(), session.sid);
  if (!pending) return { message: "There is no pending transfer any more (they are kept for ten minutes). Fill in the form again." };
  return execute(session, pending);
}

/** Drops the pending transfer. */
export async function cancelPendingTransfer(): Promise<void> {
  clearPendingTransfer(await cookies());
  redirect("/transfer");
}

async function execute(session: Session, transfer: PendingTransfer, values?: TransferFormState["values"]): Promise<TransferFormState> {
  const token = session.transferToken;
  // The same spending policy the inspector shows: an unused transfer token that has not expired.
  if (!token || !evaluatePolicy(TRANSFER_SPENDING, authStateOf(session), Math.floor(Date.now() / 1000), config().profile).ok) {
    // No usable transfer token: keep what the user typed and step up; they confirm it afterwards.
    await audit(session.sub, "step_up_requested", { by: "app", purpose: "transfer" });
    return stepUp(session, { ...transfer, reason: "A transfer needs a second factor of its own, every time." });
  }
  // Single use: the token leaves the session before it is presented, whatever the API answers.
  await saveSession({ ...session, transferToken: undefined });

  const request: TransferInput = { from: transfer.from, to: transfer.to, amount: transfer.amount, memo: transfer.memo };
  let transferId: string;
  try {
    transferId = (await createTransfer(token, request, transfer.idempotencyKey)).id;
  } catch (error) {
    if (error instanceof StepUpRequiredError) {
      await audit(session.sub, "step_up_requested", { by: "api", acr_values: error.challenge.acrValues, max_age: error.challenge.maxAge });
      return stepUp({ ...session, transferToken: undefined }, { ...transfer, reason: error.description }, error.challenge);
    }
    if (error instanceof FabrikamApiError) {
      // The API names a jti it has already spent in its error body's machine-readable reason.
      const replayed = error.reason === REFUSAL_REASONS.tokenReplayed;
      await audit(session.sub, replayed ? "token_replay_refused" : "transfer_refused", { status: error.status, code: error.code });
      clearPendingTransfer(await cookies());
      return { message: `The transfer was refused: ${error.description}`, values: values ?? formValues(transfer) };
    }
    if (error instanceof ApiUnavailableError) {
      await savePendingTransfer(await cookies(), { ...transfer, reason: "The Accounts API could not be reached." });
      return { message: "The Accounts API could not be reached, so nothing was transferred. Your transfer is kept: confirm it again in a moment." };
    }
    throw error;
  }
  await audit(session.sub, "transfer_completed", { transfer: transferId, amount: transfer.amount, from: transfer.from, to: transfer.to });
  const jar = await cookies();
  clearPendingTransfer(jar);
  // Said by a one-shot cookie, not the URL: a link cannot make the page claim a transfer happened.
  appCookies(config().secureCookies).flash.write(jar, "transfer_done" satisfies FlashKind, FLASH_MAX_AGE);
  redirect("/accounts");
}

// Keeps the transfer, then sends the user to the provider with what the policy (or the API's challenge) demands.
async function stepUp(session: Session, pending: PendingTransfer, challenge?: StepUpChallenge): Promise<never> {
  const jar = await cookies();
  await savePendingTransfer(jar, pending);
  // Back to the form's page, which shows the kept transfer for confirmation; the spending policy sets what to ask for.
  const { url, transaction } = await startAuthorization("/transfer", session, { policy: TRANSFER_SPENDING, challenge });
  keepLoginTransaction(jar, jar, transaction, config().secureCookies);
  redirect(url.toString());
}

function formValues(source: FormData | PendingTransfer): TransferFormState["values"] {
  const get = (key: "from" | "to" | "amount" | "memo") => {
    const value = source instanceof FormData ? source.get(key) : source[key];
    return typeof value === "string" ? value : undefined;
  };
  return { from: get("from"), to: get("to"), amount: get("amount"), memo: get("memo") };
}
