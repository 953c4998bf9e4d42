import "server-only";
import { randomBytes } from "node:crypto";
import * as client from "openid-client";
import { approvedTransfer, type TransferDetails } from "@/common/authorization-details";
import { config } from "@/lib/config";
import { approvalDigest } from "@/lib/transfers/transfer-approval";
import { exchangeCode } from "./code-exchange";
import { displayName } from "./display-name";
import { recordTransferBinding, transferBinding } from "./dpop";
import { AuthError, type AuthErrorCode } from "./errors";
import { type LoginTransaction, sealLoginTransaction } from "./login-state";
import { oidcConfiguration } from "./oidc-client";
import { authorizationNeeds, evaluatePolicy, policyForPath, type ShortfallReason } from "./policy";
import { providerParameters } from "./provider-request";
import type { Session, StoredToken, TransferTokenInfo } from "./session";
import { authStateOf } from "./session";
import type { StepUpChallenge } from "./step-up-challenge";
import { storedToken } from "./stored-token";
import { deliveredShortfall, narrowAuthClaims } from "./verify-authentication";

/** A login transaction to keep in its cookie until the callback (route handlers and actions write cookies differently). */
export interface SealedTransaction {
  readonly state: string;
  readonly sealed: string;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** What the page being returned to does not say by itself. */
export interface AuthorizationDemand {
  /** The transfer waiting for confirmation, read server-side from its sealed cookie, never from the browser. */
  readonly transfer?: TransferDetails;
  /** The API's RFC 9470 challenge, whose acr_values and max_age win. */
  readonly challenge?: StepUpChallenge;
}

/**
 * Builds the authorization request for `returnTo`. Scope, acr_values, max_age and (for a transfer) the RFC 9396
 * authorization details come from the server-side policy for that path, the pending transfer and the API's own
 * RFC 9470 challenge — never from the browser. Where the provider offers PAR (RFC 9126) the request is pushed, so
 * the browser carries only `client_id` and `request_uri` and nobody can edit it on the way.
 */
export async function startAuthorization(
  returnTo: string,
  session: Session | undefined,
  { transfer, challenge }: AuthorizationDemand = {},
): Promise<{ url: URL; transaction: SealedTransaction; asked: Pick<LoginTransaction, "scope" | "acrValues" | "maxAge" | "transfer"> }> {
  const policy = policyForPath(returnTo);
  const { profile } = config();
  const pending = transfer ? approvalDigest(transfer) : undefined;
  const verdict = policy ? evaluatePolicy(policy, authStateOf(session, pending), nowSeconds(), profile) : undefined;
  const reason: ShortfallReason | undefined = challenge ? "transfer_token_required" : verdict?.ok === false ? verdict.reason : undefined;
  const needs = authorizationNeeds(policy, reason, profile);
  const acrValues = challenge?.acrValues ?? needs.acrValues;
  const maxAge = sinceDowngrade(challenge?.maxAge ?? needs.maxAge, acrValues, session);

  const configuration = await oidcConfiguration();
  const codeVerifier = client.randomPKCECodeVerifier();
  const txn: LoginTransaction = {
    state: client.randomState(),
    nonce: client.randomNonce(),
    codeVerifier,
    returnTo,
    purpose: needs.purpose,
    scope: needs.scope,
    acrValues,
    maxAge,
    reason,
    sub: session?.sub,
    // The second factor approves this exact transfer, where the provider can (RFC 9396).
    transfer: needs.purpose === "transfer" && profile.rar ? transfer : undefined,
  };
  const parameters: Record<string, string> = {
    redirect_uri: `${config().appBaseUrl}/auth/callback`,
    scope: needs.scope,
    // The API audience (`audience` or RFC 8707 `resource`) and the ACR (`acr_values` and/or `claims`), per profile.
    ...providerParameters(profile, { acrValues, audience: config().apiAudience, transfer: txn.transfer }),
    // RFC 7636 / RFC 9700 §2.1.1: PKCE with S256 on every request, even for a confidential client.
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: "S256",
    state: txn.state,
    nonce: txn.nonce,
  };
  if (maxAge !== undefined) parameters.max_age = String(maxAge);
  // Stepping up an existing session: the provider should not offer to switch users.
  if (session) parameters.login_hint = session.sub;

  // RFC 9126: pushed where the provider offers it (and required by the dev IdP); a plain redirect elsewhere.
  const pushed = configuration.serverMetadata().pushed_authorization_request_endpoint !== undefined;
  return {
    url: pushed ? await client.buildAuthorizationUrlWithPAR(configuration, parameters) : client.buildAuthorizationUrl(configuration, parameters),
    transaction: { state: txn.state, sealed: await sealLoginTransaction(txn, config().sessionSecret) },
    // What was asked, for logs: with PAR none of it is in the URL.
    asked: { scope: txn.scope, acrValues: txn.acrValues, maxAge: txn.maxAge, transfer: txn.transfer },
  };
}

/**
 * After a CAEP assurance decrease the provider's session may still remember the old second factor, and would hand it
 * back without asking: a second factor is then asked with max_age no longer than the time since the decrease, so the
 * provider authenticates again (password and second factor) and the new auth_time is after it (no loop).
 */
function sinceDowngrade(maxAge: number | undefined, acrValues: string | undefined, session: Session | undefined): number | undefined {
  if (!session?.downgrade || acrValues === undefined) return maxAge;
  const since = Math.max(0, nowSeconds() - session.downgrade.at);
  return maxAge === undefined ? since : Math.min(maxAge, since);
}

/** Outcome of a callback: the new session, and an error code when the provider fell short of what was asked. */
export interface CompletedAuthorization {
  readonly session: Session;
  /** The ID token as issued, kept server-side to hint the provider at sign-out. */
  readonly idToken: string | undefined;
  /** The provider's session id (ID token `sid`), which its back-channel logout names. */
  readonly idpSid: string | undefined;
  /** The email the provider verified, which its CAEP events may name the user by. */
  readonly email?: string;
  /** The transfer token's value, kept server-side beside the session (transfer-token-store.ts), not in its cookie. */
  readonly transferTokenValue?: string;
  readonly shortfall?: AuthErrorCode;
}

/**
 * Finishes the code flow (state, iss (RFC 9207), PKCE, nonce, ID token signature and claims are checked by
 * openid-client), then checks that the provider delivered what was asked, and builds a brand-new session.
 */
export async function completeAuthorization(callbackUrl: URL, txn: LoginTransaction, previous: Session | undefined): Promise<CompletedAuthorization> {
  const configuration = await oidcConfiguration();
  // RFC 9449: the high-value transfer token is bound to the app's server-side key, so a copy alone is useless.
  const binding = txn.purpose === "transfer" && config().profile.dpop ? await transferBinding(configuration) : undefined;
  const tokens = await exchangeCode(configuration, callbackUrl, txn, binding?.options);

  const claims = tokens.claims();
  if (!claims) throw new AuthError("invalid_callback", "no ID token in the token response");
  // A step-up strengthens this user's session; someone else's sign-in must not silently take it over.
  if (txn.sub !== undefined && claims.sub !== txn.sub) throw new AuthError("account_mismatch", `step-up for ${txn.sub} came back for ${claims.sub}`);
  const now = nowSeconds();
  const { profile } = config();
  const auth = narrowAuthClaims(claims, profile);
  const grantedScope = tokens.scope ?? txn.scope;
  const sameUser = previous?.sub === claims.sub;
  const shortfall =
    deliveredShortfall(txn, { ...auth, grantedScope }, now, profile, sameUser ? previous?.authTime : undefined) ??
    transferShortfall(txn, tokens.authorization_details);

  const fresh = (token: StoredToken | undefined) => (sameUser && token && token.expiresAt > now ? token : undefined);
  const issued = storedToken(tokens.access_token, tokens.expiresIn(), grantedScope, now, tokens.token_type, binding?.jkt);
  // Which transfer the second factor approved, checked above: the confirmation page holds the token to it.
  const newToken = txn.transfer ? { ...issued, approves: approvalDigest(txn.transfer) } : issued;
  // The key must outlive every token bound to it, across rotations.
  if (newToken.jkt !== undefined) await recordTransferBinding(newToken.jkt, newToken.expiresAt);

  const transferToken = txn.purpose === "transfer" && !shortfall ? newToken : undefined;
  // Session fixation defence: every sign-in and step-up yields a new id, a new seal and a new expiry.
  const session: Session = {
    v: 1,
    sid: randomBytes(16).toString("base64url"),
    sub: claims.sub,
    name: displayName(claims, previous),
    acr: auth.acr,
    amr: [...auth.amr],
    authTime: auth.authTime,
    createdAt: now,
    expiresAt: now + config().sessionMaxAge,
    accessToken: txn.purpose === "transfer" ? fresh(previous?.accessToken) : newToken,
    transferToken: transferToken && withoutValue(transferToken),
  };
  const idpSid = typeof claims.sid === "string" && claims.sid !== "" ? claims.sid : undefined;
  const email = typeof claims.email === "string" && claims.email_verified === true ? claims.email : undefined;
  return { session, idToken: tokens.id_token, idpSid, email, transferTokenValue: transferToken?.value, shortfall: shortfall ?? noProgress(txn, session, now) };
}

function withoutValue({ value: _value, ...info }: StoredToken): TransferTokenInfo {
  return info;
}

// RFC 9396 §7: the token response says which details were granted; a transfer approval must be exactly the one asked.
function transferShortfall(txn: LoginTransaction, granted: unknown): AuthErrorCode | undefined {
  if (!txn.transfer) return undefined;
  const approved = approvedTransfer(granted);
  const same = approved !== undefined && (["from", "to", "amount", "currency"] as const).every((member) => approved[member] === txn.transfer?.[member]);
  return same ? undefined : "transfer_not_approved";
}

// A shortfall that survives the round trip would send the user straight back to the provider: stop the loop here.
function noProgress(txn: LoginTransaction, session: Session, now: number): AuthErrorCode | undefined {
  const policy = policyForPath(txn.returnTo);
  if (!policy || !txn.reason) return undefined;
  const verdict = evaluatePolicy(policy, authStateOf(session, txn.transfer ? approvalDigest(txn.transfer) : undefined), now, config().profile);
  if (verdict.ok || verdict.reason !== txn.reason) return undefined;
  const codes = {
    signed_out: "invalid_callback",
    api_token_expired: "scope_not_granted",
    mfa_required: "mfa_not_performed",
    mfa_stale: "stale_authentication",
    transfer_token_required: "scope_not_granted",
  } as const;
  return codes[verdict.reason];
}
