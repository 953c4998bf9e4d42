/** The ID-token claims a person's display name can come from (OIDC Core §5.1). */
export interface NameClaims {
  readonly sub: string;
  readonly name?: unknown;
  readonly preferred_username?: unknown;
}

const text = (value: unknown) => (typeof value === "string" && value.trim() !== "" ? value : undefined);

/**
 * The name the header shows. A transfer step-up asks only for `openid transfer:funds`, so its ID token carries no
 * profile claims: the same user then keeps the name the previous session had, rather than turning into their `sub`.
 */
export function displayName(claims: NameClaims, previous: { readonly sub: string; readonly name: string } | undefined): string {
  const kept = previous?.sub === claims.sub ? previous.name : undefined;
  return text(claims.name) ?? text(claims.preferred_username) ?? kept ?? claims.sub;
}
