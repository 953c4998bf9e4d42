/**
 * The local demo's addresses and secrets, defined once for the three parties. Used only when a variable is unset
 * and the process is not a production deployment against a real provider; never a secret anywhere else.
 */
export const DEV_DEFAULTS = {
  appBaseUrl: "http://localhost:3000",
  idpPort: 4000,
  issuer: "http://localhost:4000",
  apiPort: 4001,
  apiUrl: "http://localhost:4001",
  /** The dev IdP's registration of the intranet (also in .env.example). */
  clientSecret: "fabrikam-intranet-dev-secret",
  /** The dev IdP's own client `fabrikam-idp`, which reads the Accounts API's directory (client credentials). */
  directoryClientSecret: "fabrikam-idp-directory-dev-secret",
  sessionSecret: "dev-only-session-secret-0123456789-abcdefghijklmnop",
} as const;
