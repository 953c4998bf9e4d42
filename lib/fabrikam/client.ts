import "server-only";
import * as oidc from "openid-client";
import { z } from "zod";
import { REFUSAL_REASONS, type RefusalReason } from "@/common/api-refusals";
import { isLoopbackUrl } from "@/common/loopback";
import { transferProof } from "@/lib/auth/dpop";
import { isDpopKeyError } from "@/lib/auth/dpop-key-error";
import { oidcConfiguration } from "@/lib/auth/oidc-client";
import type { StoredToken } from "@/lib/auth/session";
import { stepUpFromChallenges } from "@/lib/auth/step-up-challenge";
import { config } from "@/lib/config";
import type { TransferInput } from "@/lib/transfers/transfer-input";
import { ApiUnavailableError, FabrikamApiError, StepUpRequiredError } from "./errors";
import type { Account, CompletedTransfer, LedgerEntry, Payee } from "./types";

// Signed decimal strings with two decimals, as the API writes them.
const cents = z
  .string()
  .regex(/^-?\d{1,12}\.\d{2}$/)
  .transform((value) => Math.round(Number(value.replace(".", ""))));

const accountsSchema = z.object({
  accounts: z.array(z.object({ id: z.string(), name: z.string(), currency: z.string(), balance: cents, reference: z.string() })),
});
const transactionsSchema = z.object({
  transactions: z.array(z.object({ id: z.string(), createdAt: z.coerce.date(), amount: cents, counterparty: z.string(), memo: z.string().nullable() })),
});
const payeesSchema = z.object({
  payees: z.array(z.object({ accountId: z.string(), ownerName: z.string(), accountName: z.string(), ownerNameVerified: z.boolean(), reference: z.string() })),
});
const transferSchema = z.object({
  id: z.string(),
  from: z.string(),
  to: z.string(),
  amount: cents,
  currency: z.string(),
  memo: z.string().nullable(),
  createdAt: z.coerce.date(),
});
const errorSchema = z.object({ error: z.string(), error_description: z.string().optional() });

let resourceConfiguration: Promise<oidc.Configuration> | undefined;

// fetchProtectedResource enforces https; allow plain http only for an API on this machine.
async function apiConfiguration(): Promise<oidc.Configuration> {
  resourceConfiguration ??= oidcConfiguration().then((provider) => {
    const { clientId, apiUrl } = config();
    const api = new URL(apiUrl);
    const configuration = new oidc.Configuration(provider.serverMetadata(), clientId);
    if (api.protocol === "http:" && isLoopbackUrl(api)) oidc.allowInsecureRequests(configuration);
    configuration.timeout = 10;
    return configuration;
  });
  return resourceConfiguration.catch((error: unknown) => {
    resourceConfiguration = undefined;
    throw error;
  });
}

/** What one call to the API sends. */
interface ApiCall<T> {
  readonly schema: z.ZodType<T>;
  readonly accessToken: string;
  readonly method: "GET" | "POST";
  /** Relative to FABRIKAM_API_URL. */
  readonly path: string;
  readonly body?: object;
  readonly headers?: Headers;
  /** How the token is bound (RFC 9449): a DPoP-bound one needs a proof signed by that key. */
  readonly binding?: Pick<StoredToken, "dpop" | "jkt">;
}

const refusalBody = z.object({ reason: z.enum(Object.values(REFUSAL_REASONS) as [RefusalReason, ...RefusalReason[]]).optional() });

// The refusal's machine-readable reason from its JSON body, when it has one (the challenge header carries none).
async function reasonOf(response: Response): Promise<RefusalReason | undefined> {
  const parsed = refusalBody.safeParse(await response.json().catch(() => undefined));
  return parsed.success ? parsed.data.reason : undefined;
}

/** One call to the API: challenges become StepUpRequiredError, error bodies FabrikamApiError, the rest parsed by `schema`. */
async function call<T>({ schema, accessToken, method, path, body, headers, binding }: ApiCall<T>): Promise<T> {
  const url = new URL(path, `${config().apiUrl}/`);
  const requestHeaders = headers ?? new Headers();
  requestHeaders.set("accept", "application/json");
  if (body) requestHeaders.set("content-type", "application/json");
  let response: Response;
  try {
    const configuration = await apiConfiguration();
    // A DPoP-bound token goes out with the DPoP scheme and a fresh proof signed by the app's key (RFC 9449 §7).
    const options = binding ? await transferProof(configuration, binding) : undefined;
    response = await oidc.fetchProtectedResource(configuration, accessToken, url, method, body ? JSON.stringify(body) : undefined, requestHeaders, options);
  } catch (error) {
    // The key store's message says what an operator must do; it is not an API outage.
    if (isDpopKeyError(error)) throw error;
    if (error instanceof oidc.WWWAuthenticateChallengeError) {
      const description = error.cause.find((c) => c.parameters.error_description)?.parameters.error_description ?? "The API refused the access token.";
      const challenge = stepUpFromChallenges(error.cause);
      if (challenge) throw new StepUpRequiredError(challenge, description);
      const code = error.cause[0]?.parameters.error ?? "invalid_token";
      throw new FabrikamApiError(error.status, code, description, await reasonOf(error.response));
    }
    throw new ApiUnavailableError(error instanceof Error ? error.message : String(error));
  }
  const json: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const parsed = errorSchema.safeParse(json);
    if (!parsed.success || response.status >= 500) throw new ApiUnavailableError(`HTTP ${response.status}`);
    throw new FabrikamApiError(
      response.status,
      parsed.data.error,
      parsed.data.error_description ?? "The API refused the request.",
      refusalBody.safeParse(json).data?.reason,
    );
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new ApiUnavailableError(`unexpected response from ${method} ${path}`);
  return parsed.data;
}

/** The caller's accounts. */
export async function listAccounts(accessToken: string): Promise<Account[]> {
  const { accounts } = await call({ schema: accountsSchema, accessToken, method: "GET", path: "accounts" });
  return accounts.map(({ balance, ...rest }) => ({ ...rest, balanceCents: balance }));
}

/** Recent transactions of one of the caller's accounts, newest first. */
export async function listLedgerEntries(accessToken: string, accountId: string): Promise<LedgerEntry[]> {
  const { transactions } = await call({
    schema: transactionsSchema,
    accessToken,
    method: "GET",
    path: `accounts/${encodeURIComponent(accountId)}/transactions`,
  });
  return transactions.map(({ amount, ...rest }) => ({ ...rest, amountCents: amount }));
}

/** Other people's accounts the caller can send money to. */
export async function listPayees(accessToken: string): Promise<Payee[]> {
  return (await call({ schema: payeesSchema, accessToken, method: "GET", path: "payees" })).payees;
}

/**
 * Moves money with the single-use `transfer:funds` token (DPoP-bound when the provider bound it).
 * `idempotencyKey` makes a retry after a lost answer safe.
 */
export async function createTransfer(
  transferToken: Pick<StoredToken, "value" | "dpop" | "jkt">,
  request: TransferInput,
  idempotencyKey: string,
): Promise<CompletedTransfer> {
  const headers = new Headers({ "idempotency-key": idempotencyKey });
  const { amount, ...rest } = await call({
    schema: transferSchema,
    accessToken: transferToken.value,
    method: "POST",
    path: "transfers",
    body: request,
    headers,
    binding: transferToken,
  });
  return { ...rest, amountCents: amount };
}
