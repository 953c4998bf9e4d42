import type { ServerResponse } from "node:http";
import { REFUSAL_REASONS } from "../../common/api-refusals";
import { CURRENCY } from "../../common/money";
import { requireTokenId } from "../auth/single-use";
import { requireRecentMfa, requireScope } from "../auth/step-up-policy";
import { describeRefusal, judgeTransferApproval } from "../auth/transfer-approval";
import type { VerifiedAccessToken } from "../auth/verify-access-token";
import { insufficientAuthorizationDetails, invalidToken, type TokenScheme } from "../auth/www-authenticate";
import { ApiError, invalidRequest, sendJson } from "../http/errors";
import { readJsonBody } from "../http/json-body";
import type { Route } from "../http/router";
import { formatAmount } from "../ledger/money";
import { executeTransfer, type Transfer, type TransferInstruction, type TransferOutcome } from "../ledger/transfers";
import { type ApiDependencies, verifyRequestToken } from "./context";
import { bodyMatches, parseTransferBody } from "./transfer-body";

const TOKEN_USED = "This access token has already been used";

// 401 for a spent jti, in the scheme the request used, with a reason the intranet can branch on.
const tokenReplayed = (scheme: TokenScheme) => invalidToken(TOKEN_USED, scheme, { logDetail: "jti replay", reason: REFUSAL_REASONS.tokenReplayed });
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

function toWire(transfer: Transfer) {
  return {
    id: transfer.id,
    from: transfer.from,
    to: transfer.to,
    amount: formatAmount(transfer.amountCents),
    currency: transfer.currency,
    memo: transfer.memo,
    createdAt: transfer.createdAt.toISOString(),
  };
}

function idempotencyKeyOf(header: string | string[] | undefined): string | null {
  if (header === undefined) return null;
  if (typeof header !== "string" || !IDEMPOTENCY_KEY.test(header)) {
    throw invalidRequest("The Idempotency-Key header must be 1 to 255 visible ASCII characters.");
  }
  return header;
}

// The body's currency when it names one (the ledger only holds dollars), so "EUR" is never taken for an approved "USD".
const currencyOf = (body: unknown): string => {
  const currency = typeof body === "object" && body !== null ? (body as { currency?: unknown }).currency : undefined;
  return currency === undefined ? CURRENCY : String(currency);
};

// 403 unless the token approves exactly this transfer (RFC 9396); nothing is spent or answered from storage before.
function requireApprovedTransfer(deps: ApiDependencies, token: VerifiedAccessToken, instruction: TransferInstruction, body: unknown): void {
  const decision = judgeTransferApproval(
    token.claims.authorization_details,
    { ...instruction, currency: currencyOf(body) },
    deps.requireAuthorizationDetails ?? false,
  );
  if (decision.kind === "approved") return;
  const differing = decision.reason === REFUSAL_REASONS.transferNotApproved ? decision.differing : [];
  throw insufficientAuthorizationDetails(describeRefusal(decision), token.scheme, decision.reason, differing);
}

// Same key, same body: answer with the original transfer. Same key, other body: refuse.
function replay(res: ServerResponse, original: Transfer, body: unknown): void {
  if (!bodyMatches(body, original)) {
    throw new ApiError(422, "idempotency_key_reused", "This Idempotency-Key was already used for a different transfer.");
  }
  sendJson(res, 200, toWire(original), { "Idempotent-Replayed": "true" });
}

function refusal(outcome: Exclude<TransferOutcome, { kind: "created" | "replay" | "idempotency_key_taken" }>, to: string, scheme: TokenScheme): ApiError {
  switch (outcome.kind) {
    case "token_already_used":
      return tokenReplayed(scheme);
    case "from_not_owned":
      return invalidRequest("from must be one of your accounts.");
    case "unknown_to":
      return invalidRequest(`to names no account: ${JSON.stringify(to)}.`);
    case "insufficient_funds":
      return new ApiError(422, "insufficient_funds", "The from account does not hold enough money for this transfer.");
  }
}

/**
 * `POST /transfers`. Order: token → scope → fresh MFA → body → the approved transfer (RFC 9396) →
 * Idempotency-Key replay → spent-token check → spend the jti and move the money. The last three are one database
 * statement (`transfer_funds`, api/ledger/transfer-function.ts) that makes them in that order, so a transfer costs
 * one round trip. The jti is spent only when the transfer commits, so a refused transfer (bad field, not the
 * approved one, no funds) leaves the token usable, and no stored answer is replayed for a transfer the token does
 * not approve.
 */
export function transferRoutes(deps: ApiDependencies): Route[] {
  return [
    {
      method: "POST",
      pattern: /^\/transfers$/,
      handler: async ({ req, res, url }) => {
        const token = await verifyRequestToken(deps, req, url);
        // Before the step-up challenge: stepping up would only bring another token without an id.
        const jti = requireTokenId(token, deps.profile.tokenIdClaim);
        requireScope(token, deps.profile.scopes.transferFunds);
        requireRecentMfa(token, deps.transferMaxAge, deps.profile);
        const idempotencyKey = idempotencyKeyOf(req.headers["idempotency-key"]);
        const body = await readJsonBody(req);
        const instruction = parseTransferBody(body);
        requireApprovedTransfer(deps, token, instruction, body);

        // The replay is answered before the spent-token check, so a retry after a lost response gets its answer.
        const outcome = await executeTransfer(deps.db, { ...token, jti }, instruction, idempotencyKey);
        if (outcome.kind === "created") {
          deps.log({
            level: "info",
            code: "transfer_created",
            sub: token.sub,
            jti,
            scheme: token.scheme,
            transfer: outcome.transfer.id,
            amount: instruction.amountCents,
          });
          return sendJson(res, 201, toWire(outcome.transfer));
        }
        if (outcome.kind === "replay") return replay(res, outcome.transfer, body);
        if (outcome.kind === "idempotency_key_taken") throw new Error("Idempotency conflict without a stored transfer");
        throw refusal(outcome, instruction.to, token.scheme);
      },
    },
  ];
}
