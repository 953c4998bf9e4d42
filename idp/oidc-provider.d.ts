/**
 * Minimal types for the parts of oidc-provider 9 this IdP uses: the package
 * ships none and @types/oidc-provider lags behind v9. Extend when you use more.
 */
declare module "oidc-provider" {
  import type { IncomingMessage, ServerResponse } from "node:http";

  export type UnknownObject = Record<string, unknown>;

  export interface JWKS {
    keys: UnknownObject[];
  }

  export interface Account {
    accountId: string;
    claims(use: string, scope: string, claims: UnknownObject, rejected: string[]): Promise<UnknownObject> | UnknownObject;
  }

  export interface SessionLike {
    accountId?: string;
    acr?: string;
    amr?: string[];
    loginTs?: number;
    uid?: string;
  }

  export interface Params {
    [name: string]: unknown;
    scope?: string;
    acr_values?: string;
    claims?: string;
    /** RFC 9396: a JSON array, as sent. */
    authorization_details?: string;
    resource?: string | string[];
    client_id?: string;
  }

  export interface ClientLike {
    clientId: string;
    clientName?: string;
    grantTypeAllowed(type: string): boolean;
  }

  /** A token or code model; only the fields read here. */
  export interface TokenLike {
    kind: string;
    scope?: string;
    accountId?: string;
    acr?: string;
    amr?: string[];
    authTime?: number;
    /** RFC 9396 authorization details bound to this code or token. */
    rar?: UnknownObject[];
    resourceServer?: { accessTokenTTL?: number; audience?: string };
  }

  /** The browser's session at the provider (ctx.oidc.session). */
  export interface Session extends SessionLike {
    /** When the session began (seconds). */
    iat?: number;
    /** Per client: the `sid` put in that client's ID tokens. */
    authorizations?: Record<string, { sid?: string } | undefined>;
  }

  /** A decoded (and, by the time logoutSource runs, verified) id_token_hint. */
  export interface IdTokenHint {
    header: UnknownObject;
    payload: UnknownObject;
  }

  export interface OIDCContext {
    params: Params;
    session: Session;
    client?: ClientLike;
    claims: UnknownObject;
    result?: InteractionResults;
    entities: {
      AuthorizationCode?: TokenLike;
      RefreshToken?: TokenLike;
      Client?: ClientLike;
      IdTokenHint?: IdTokenHint;
      [name: string]: unknown;
    };
    route: string;
    prompts: Set<string>;
  }

  /** The Koa context oidc-provider passes to its helpers. */
  export interface KoaContextWithOIDC {
    oidc: OIDCContext;
    cookies: { get(name: string): string | undefined };
    host: string;
    type: string;
    status: number;
    body: unknown;
  }

  export interface LoginResult {
    accountId: string;
    acr?: string;
    amr?: string[];
    ts?: number;
    remember?: boolean;
  }

  export interface InteractionResults {
    login?: LoginResult;
    consent?: { grantId?: string };
    error?: string;
    error_description?: string;
    [key: string]: unknown;
  }

  export interface PromptDetail {
    name: string;
    reasons: string[];
    details: UnknownObject;
  }

  export interface Interaction {
    uid: string;
    exp: number;
    params: Params;
    prompt: PromptDetail;
    session?: SessionLike;
    grantId?: string;
    result?: InteractionResults;
    lastSubmission?: InteractionResults;
    returnTo: string;
    save(ttl: number): Promise<string>;
  }

  export interface Grant {
    accountId?: string;
    clientId?: string;
    addOIDCScope(scope: string): void;
    addOIDCClaims(claims: string[]): void;
    addResourceScope(resource: string, scope: string): void;
    addRar(detail: UnknownObject): void;
    save(ttl?: number): Promise<string>;
  }

  export interface GrantConstructor {
    new (properties: { accountId: string; clientId: string }): Grant;
    find(id: string): Promise<Grant | undefined>;
  }

  export interface ResourceServer {
    scope: string;
    audience?: string;
    accessTokenTTL?: number;
    accessTokenFormat?: "opaque" | "jwt";
    jwt?: { sign?: { alg?: string } };
  }

  export type CheckResult = boolean | Promise<boolean>;

  export interface Configuration {
    [key: string]: unknown;
  }

  /** A client-credentials access token as stored (opaque format). */
  export interface ClientCredentialsToken {
    clientId: string;
    scope?: string;
    aud?: string | string[];
    /** Epoch seconds. */
    exp?: number;
  }

  export class Provider {
    constructor(issuer: string, configuration?: Configuration);
    Grant: GrantConstructor;
    /** Expired or unknown values come back undefined. */
    ClientCredentials: { find(value: string): Promise<ClientCredentialsToken | undefined> };
    proxy: boolean;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<Interaction>;
    interactionResult(req: IncomingMessage, res: ServerResponse, result: InteractionResults, options?: { mergeWithLastSubmission?: boolean }): Promise<string>;
    interactionFinished(req: IncomingMessage, res: ServerResponse, result: InteractionResults, options?: { mergeWithLastSubmission?: boolean }): Promise<void>;
    on(event: string, listener: (...args: unknown[]) => void): this;
  }

  export namespace interactionPolicy {
    class Check {
      constructor(
        reason: string,
        description: string,
        error: string,
        check: (ctx: KoaContextWithOIDC) => CheckResult,
        details?: (ctx: KoaContextWithOIDC) => UnknownObject | Promise<UnknownObject>,
      );
      constructor(
        reason: string,
        description: string,
        check: (ctx: KoaContextWithOIDC) => CheckResult,
        details?: (ctx: KoaContextWithOIDC) => UnknownObject | Promise<UnknownObject>,
      );
      static REQUEST_PROMPT: true;
      static NO_NEED_TO_PROMPT: false;
    }
    class Prompt {
      name: string;
      checks: Check[] & { add(check: Check, index?: number): void; get(reason: string): Check | undefined };
    }
    type DefaultPolicy = Prompt[] & { get(name: string): Prompt | undefined };
    function base(): DefaultPolicy;
  }

  export namespace errors {
    class OIDCProviderError extends Error {
      error: string;
      error_description?: string;
      status: number;
    }
    class SessionNotFound extends OIDCProviderError {}
    class InvalidTarget extends OIDCProviderError {}
    class InvalidAuthorizationDetails extends OIDCProviderError {
      constructor(description?: string);
    }
  }

  export default Provider;
}
