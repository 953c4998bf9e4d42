/**
 * oidc-provider's default interaction policy plus one Check on the login
 * prompt that applies THE MFA policy (mfa-policy.ts): oidc-provider does not
 * enforce acr_values, high-value scopes or transfer details on its own.
 */
import { interactionPolicy, type KoaContextWithOIDC } from "oidc-provider";
import { acrMeetsMfa, type ProviderProfile } from "../common/profiles";
import { type MfaDecision, mfaDecision } from "./mfa-policy";
import { requestedTransfer } from "./transfer-request";

/** The reason this Check adds to `interaction.prompt.reasons`. */
export const MFA_CHECK_REASON = "mfa_required";

/** Login-prompt reasons that only a second factor resolves (the password need not be asked again). */
export const SECOND_FACTOR_REASONS: ReadonlySet<string> = new Set([MFA_CHECK_REASON, "essential_acr", "essential_acrs"]);

const { base, Check } = interactionPolicy;

function decide(ctx: KoaContextWithOIDC, policy: "on" | "off", profile: ProviderProfile): MfaDecision {
  const { oidc } = ctx;
  const sessionAcr = oidc.session.acr;
  return mfaDecision({
    acrValues: oidc.params.acr_values,
    claims: oidc.claims,
    scope: oidc.params.scope,
    transfer: requestedTransfer(oidc.params.authorization_details) !== undefined,
    sessionHasMfa: typeof sessionAcr === "string" && acrMeetsMfa(profile, sessionAcr),
    policy,
    profile,
  });
}

/** The reason added when the account signed out of every application after this session began. */
export const SIGNED_OUT_EVERYWHERE_REASON = "signed_out_everywhere";

/**
 * The interaction policy given to oidc-provider's `interactions.policy`. `signedOutBefore` (epoch seconds, per account)
 * turns a session that began before "sign out of every application" back into a password prompt.
 */
export function buildInteractionPolicy(
  policy: "on" | "off",
  profile: ProviderProfile,
  signedOutBefore: (accountId: string) => number | undefined = () => undefined,
): interactionPolicy.DefaultPolicy {
  const prompts = base();
  const login = prompts.get("login");
  if (!login) throw new Error("oidc-provider's base policy has no login prompt");

  login.checks.add(
    new Check(SIGNED_OUT_EVERYWHERE_REASON, "the user signed out of every application", (ctx) => {
      if (ctx.oidc.result?.login) return Check.NO_NEED_TO_PROMPT;
      const { accountId, loginTs } = ctx.oidc.session;
      const at = accountId ? signedOutBefore(accountId) : undefined;
      return at !== undefined && (loginTs ?? 0) <= at ? Check.REQUEST_PROMPT : Check.NO_NEED_TO_PROMPT;
    }),
  );

  login.checks.add(
    new Check(
      MFA_CHECK_REASON,
      "a second authentication factor is required",
      (ctx) => {
        // The interaction that just finished passed a second factor: the demand is met,
        // even for a high-value scope (which would otherwise prompt forever).
        if (ctx.oidc.result?.login?.acr === profile.mfaAcr) return Check.NO_NEED_TO_PROMPT;
        return decide(ctx, policy, profile).required ? Check.REQUEST_PROMPT : Check.NO_NEED_TO_PROMPT;
      },
      (ctx) => {
        const decision = decide(ctx, policy, profile);
        return decision.required ? { mfa_reason: decision.reason, mfa_scopes: decision.scopes ?? [] } : {};
      },
    ),
  );
  return prompts;
}
