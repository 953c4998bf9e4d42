/**
 * The Accounts API's account directory, read by the IdP to name the accounts of a transfer it asks someone to
 * approve (dynamic linking: the approval page says who gets the money). The IdP authenticates as its own client
 * `fabrikam-idp` with a client-credentials token from its own token endpoint. A directory that is unset, down, slow
 * or says something odd never blocks a sign-in: the page then shows the account ids alone.
 */
import * as oidc from "openid-client";
import { z } from "zod";
import { isLoopbackUrl } from "../common/loopback";

import { DEFAULT_DIRECTORY_CLIENT_ID as DIRECTORY_CLIENT_ID, DIRECTORY_READ_SCOPE as DIRECTORY_SCOPE } from "../common/step-up";

// A dead API must not hang a sign-in page: each request gets this long.
const TIMEOUT_MS = 1500;
// A token this close to expiry is replaced rather than sent: it could expire on the way.
const EXPIRY_MARGIN_SECONDS = 30;

const entrySchema = z.object({ id: z.string(), name: z.string(), ownerName: z.string(), ownerNameVerified: z.boolean() });

/** One account as the directory describes it; the names are the account holder's words, not checked by the IdP. */
export type DirectoryEntry = z.infer<typeof entrySchema>;

/** Looks an account up; undefined when it is unknown or the directory cannot say. */
export type DirectoryLookup = (accountId: string) => Promise<DirectoryEntry | undefined>;

/** Why a lookup gave no answer, for the log (the page only says the name could not be found). */
export type DirectoryProblem = "token_failed" | "unreachable" | "refused" | "bad_body";

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** The token endpoint's own words when it refused, else the error's message. */
function reasonOf(error: unknown): string {
  if (error instanceof oidc.ResponseBodyError) return `${error.error}: ${error.error_description ?? "no description"}`;
  return error instanceof Error ? error.message : String(error);
}

function logProblem(code: DirectoryProblem, sentence: string): void {
  console.log(`idp directory: ${code}: ${sentence}`);
}

/** Client-credentials tokens for the directory, kept until shortly before they expire; one request at a time. */
class DirectoryToken {
  private configuration?: oidc.Configuration;
  private cached?: { value: string; expiresAt: number };
  private pending?: Promise<string>;

  constructor(private readonly options: { issuer: string; clientSecret: string; audience: string }) {}

  get(): Promise<string> {
    if (this.cached && this.cached.expiresAt - EXPIRY_MARGIN_SECONDS > nowSeconds()) return Promise.resolve(this.cached.value);
    this.pending ??= this.request().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  /** Forgets the token, e.g. after the API refused it. */
  drop(): void {
    this.cached = undefined;
  }

  private async request(): Promise<string> {
    const issuer = new URL(this.options.issuer);
    // Discovered on first use: at start the IdP is not yet serving its own discovery document.
    this.configuration ??= await oidc.discovery(issuer, DIRECTORY_CLIENT_ID, undefined, oidc.ClientSecretBasic(this.options.clientSecret), {
      execute: isLoopbackUrl(issuer) ? [oidc.allowInsecureRequests] : [],
      timeout: TIMEOUT_MS / 1000,
    });
    const response = await oidc.clientCredentialsGrant(this.configuration, { scope: DIRECTORY_SCOPE, resource: this.options.audience });
    this.cached = { value: response.access_token, expiresAt: nowSeconds() + (response.expires_in ?? 60) };
    return response.access_token;
  }
}

/** A lookup against `directoryUrl`; without one, every account is "not found". */
export function directoryLookup(options: { directoryUrl?: string; issuer: string; clientSecret: string; audience: string }): DirectoryLookup {
  const { directoryUrl } = options;
  if (!directoryUrl) return async () => undefined;
  const token = new DirectoryToken(options);

  return async (accountId) => {
    let bearer: string;
    try {
      bearer = await token.get();
    } catch (error) {
      logProblem("token_failed", `no directory token from the IdP's own token endpoint (${reasonOf(error)})`);
      return undefined;
    }
    let response: Response;
    try {
      response = await fetch(`${directoryUrl}/directory/accounts/${encodeURIComponent(accountId)}`, {
        headers: { authorization: `Bearer ${bearer}`, accept: "application/json" },
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      logProblem("unreachable", `${directoryUrl} did not answer (${error instanceof Error ? error.message : String(error)})`);
      return undefined;
    }
    if (response.status === 404) return undefined;
    if (response.status !== 200) {
      if (response.status === 401) token.drop();
      logProblem("refused", `${directoryUrl} answered ${response.status} for ${accountId}`);
      return undefined;
    }
    const entry = entrySchema.safeParse(await response.json().catch(() => undefined));
    // An answer about another account would name the wrong person: treat it as no answer.
    if (!entry.success || entry.data.id !== accountId) {
      logProblem("bad_body", `${directoryUrl} answered for ${accountId} with something that is not its directory entry`);
      return undefined;
    }
    return entry.data;
  };
}
