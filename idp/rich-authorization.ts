/**
 * RFC 9396 in the dev IdP: the one authorization details type it accepts (`fabrikam_transfer`, checked by the
 * schema the API also uses), and which details reach the authorization code, the access token and introspection.
 */
import { errors, type KoaContextWithOIDC, type TokenLike } from "oidc-provider";
import { TRANSFER_DETAILS_TYPE, transferDetailsSchema } from "../common/authorization-details";
import type { ProviderProfile } from "../common/profiles";

type Details = Record<string, unknown>[];

/** The request's own `authorization_details` (already parsed and checked by oidc-provider), or undefined. */
function requestedDetails(ctx: KoaContextWithOIDC): Details | undefined {
  const raw = ctx.oidc.params.authorization_details;
  if (typeof raw !== "string") return undefined;
  const parsed: unknown = JSON.parse(raw);
  return Array.isArray(parsed) ? (parsed as Details) : undefined;
}

/** Refuses a `fabrikam_transfer` entry that breaks the transfer rules, or a second one in the same request. */
function validateTransfer(ctx: KoaContextWithOIDC, detail: Record<string, unknown>): void {
  const parsed = transferDetailsSchema.safeParse(detail);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".") || "entry"} ${issue.message}`);
    throw new errors.InvalidAuthorizationDetails(`fabrikam_transfer is not a valid transfer: ${problems.join("; ")}`);
  }
  // Each transfer is approved with its own second factor: one per request.
  const transfers = (requestedDetails(ctx) ?? []).filter((entry) => entry.type === TRANSFER_DETAILS_TYPE);
  if (transfers.length > 1) throw new errors.InvalidAuthorizationDetails("only one fabrikam_transfer entry is allowed per request");
}

/** oidc-provider's `features.richAuthorizationRequests` for the imitated vendor. */
export function richAuthorizationRequests(profile: ProviderProfile) {
  return {
    enabled: true,
    // A vendor without RAR refuses the type (invalid_authorization_details) rather than drop the details silently.
    types: profile.rar ? { [TRANSFER_DETAILS_TYPE]: { validate: validateTransfer } } : {},
    // The code carries exactly what this request asked for and the user approved, never details of earlier requests.
    authorizationDetailsForGrantSource: (ctx: KoaContextWithOIDC) => requestedDetails(ctx),
    // Only the code's own access token carries them (RFC 9396 §7, §9.1): a refreshed token approves no transfer.
    authorizationDetailsForAccessToken: (_ctx: KoaContextWithOIDC, _token: TokenLike, source: TokenLike | undefined, grantType: string) =>
      grantType === "authorization_code" ? source?.rar : undefined,
    authorizationDetailsForIntrospection: (_ctx: KoaContextWithOIDC, token: TokenLike) => token.rar,
  };
}
