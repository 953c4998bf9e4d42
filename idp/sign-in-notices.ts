/**
 * The sentences the sign-in pages show to say why they ask for something. They are read on the IdP's page, so
 * they name the intranet and "the intranet page you opened", never "this page".
 */

import { CLIENT_NAME } from "./client-name";
import type { MfaDecision } from "./mfa-policy";

/** What the request asked for, as the policy sees it. */
export interface RequestContext {
  /** The authorization request's max_age in seconds, when it had one. */
  maxAge?: number;
  /** The imitated vendor's funds-transfer scope (its name differs per profile). */
  transferScope: string;
}

/** Reads max_age as oidc-provider keeps it (a string of digits); anything else counts as absent. */
export function maxAgeOf(value: unknown): number | undefined {
  const seconds = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
  return typeof seconds === "number" && Number.isSafeInteger(seconds) && seconds >= 0 ? seconds : undefined;
}

/** "15 minutes", "1 minute", "90 seconds": exact, because it describes a rule, not a wait. */
function describeWindow(seconds: number): string {
  if (seconds >= 60 && seconds % 60 === 0) return `${seconds / 60} minute${seconds === 60 ? "" : "s"}`;
  return `${seconds} second${seconds === 1 ? "" : "s"}`;
}

/** Why a second factor is asked, for the second-factor pages and the push request on the device. */
export function explainWhy(decision: MfaDecision, context: RequestContext): string {
  if (!decision.required) return `${CLIENT_NAME} asks you to confirm it's you with a second factor.`;
  switch (decision.reason) {
    case "high_value_scope": {
      const scopes = (decision.scopes ?? []).map((scope) => (scope === context.transferScope ? `${scope} (a funds transfer)` : scope));
      return `${CLIENT_NAME} asks for a second factor because you requested ${scopes.join(", ")}. This is asked every time.`;
    }
    case "authorization_details":
      return `${CLIENT_NAME} asks for a second factor to approve the transfer shown here. This is asked for every transfer.`;
    case "acr_values":
    case "claims": {
      const window = context.maxAge ? ` from the last ${describeWindow(context.maxAge)}` : "";
      return `${CLIENT_NAME} asks for a second factor because the intranet page you opened needs multi-factor authentication${window}.`;
    }
  }
}

/** Why the password is asked although a session exists (max_age, prompt=login); undefined when it is not. */
export function reauthNotice(reasons: readonly string[], context: Pick<RequestContext, "maxAge"> & { secondFactorFollows: boolean }): string | undefined {
  const then = context.secondFactorFollows ? " After your password, it also asks for a second factor." : "";
  if (reasons.includes("max_age")) {
    const age = context.maxAge ? `more than ${describeWindow(context.maxAge)} old` : "too old";
    return `${CLIENT_NAME} asks you to sign in again because your last sign-in is ${age}.${then}`;
  }
  if (reasons.includes("login_prompt")) return `${CLIENT_NAME} asks you to sign in again.${then}`;
  return undefined;
}
