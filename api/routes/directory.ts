import { DIRECTORY_READ_SCOPE } from "../../common/step-up";
import { accountIdProblem } from "../../common/transfer-rules";
import { requireScope } from "../auth/step-up-policy";
import { notFound, sendJson } from "../http/errors";
import type { Route } from "../http/router";
import { findDirectoryEntry } from "../ledger/directory";
import { type ApiDependencies, verifyRequestToken } from "./context";

const NO_SUCH_ACCOUNT = "No customer account has that id.";

/**
 * `GET /directory/accounts/{id}`: whom an account belongs to, for the identity provider's approval page (RFC 9396
 * details name account ids; a person approves a name). Only the IdP's own clients with `directory:read`: an
 * intranet token is refused here, and a directory token everywhere else.
 */
export function directoryRoutes(deps: ApiDependencies): Route[] {
  return [
    {
      method: "GET",
      pattern: /^\/directory\/accounts\/([^/]+)$/,
      handler: async ({ req, res, url, params }) => {
        const token = await verifyRequestToken(deps, req, url, "directory");
        requireScope(token, DIRECTORY_READ_SCOPE);
        const accountId = params[0] ?? "";
        // An id no account can have (%00, over-long) is as unknown as any other, and never reaches the database.
        const entry = accountIdProblem(accountId) ? null : await findDirectoryEntry(deps.db, accountId);
        if (!entry) throw notFound(NO_SUCH_ACCOUNT);
        sendJson(res, 200, { id: entry.id, name: entry.name, ownerName: entry.ownerName, ownerNameVerified: entry.ownerNameVerified });
      },
    },
  ];
}
