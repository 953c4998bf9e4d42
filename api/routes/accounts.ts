import type { IncomingMessage } from "node:http";
import { accountIdProblem } from "../../common/transfer-rules";
import { requireScope } from "../auth/step-up-policy";
import type { VerifiedAccessToken } from "../auth/verify-access-token";
import { notFound, sendJson } from "../http/errors";
import type { Route } from "../http/router";
import { accountReference, listAccounts, listPayees, listTransactions } from "../ledger/accounts";
import { formatAmount } from "../ledger/money";
import { type ApiDependencies, openDemoAccountsOnFirstSight, verifyRequestToken } from "./context";

/** Read-only endpoints: any sign-in with `read:accounts` will do, no second factor needed. */
export function accountRoutes(deps: ApiDependencies): Route[] {
  // Token, then scope, and only then demo accounts for a newcomer: a refused token opens nothing.
  async function reader(req: IncomingMessage, url: URL): Promise<VerifiedAccessToken> {
    const token = await verifyRequestToken(deps, req, url);
    requireScope(token, deps.profile.scopes.readAccounts);
    await openDemoAccountsOnFirstSight(deps, token);
    return token;
  }

  return [
    {
      method: "GET",
      pattern: /^\/accounts$/,
      handler: async ({ req, res, url }) => {
        const token = await reader(req, url);
        const accounts = await listAccounts(deps.db, token.sub);
        sendJson(res, 200, {
          accounts: accounts.map((a) => ({
            id: a.id,
            name: a.name,
            currency: a.currency,
            balance: formatAmount(a.balanceCents),
            reference: accountReference(a.id),
          })),
        });
      },
    },
    {
      method: "GET",
      pattern: /^\/accounts\/([^/]+)\/transactions$/,
      handler: async ({ req, res, url, params }) => {
        const token = await reader(req, url);
        const accountId = params[0] ?? "";
        // An id no account can have (e.g. %00, which PostgreSQL cannot even store) is as unknown as any other.
        const entries = accountIdProblem(accountId) ? null : await listTransactions(deps.db, token.sub, accountId);
        // Same answer for someone else's account and a missing one: existence is not revealed.
        if (!entries) throw notFound("You have no account with that id.");
        sendJson(res, 200, {
          transactions: entries.map((e) => ({
            id: e.id,
            createdAt: e.createdAt.toISOString(),
            amount: formatAmount(e.amountCents),
            counterparty: e.counterparty,
            memo: e.memo,
          })),
        });
      },
    },
    {
      method: "GET",
      pattern: /^\/payees$/,
      handler: async ({ req, res, url }) => {
        const token = await reader(req, url);
        sendJson(res, 200, { payees: await listPayees(deps.db, token.sub) });
      },
    },
  ];
}
