/**
 * Every server of the e2e stacks (e2e/stacks.ts): which command, which environment, which ready line.
 * e2e/launch-stacks.ts starts them all at once.
 */
import { READY, type ServerSpec } from "./own-processes";
import { CHALLENGE_MAX_AGE, SINGLE_USE_CODE_IDPS, STACKS } from "./stacks";

const url = (port: number) => `http://localhost:${port}`;
const common = { NEXT_TELEMETRY_DISABLED: "1", FABRIKAM_DEMO: "1" };
// `node --import tsx` rather than the tsx binary: one process per server, so its PID is the server's.
const tsx = (entry: string) => ["--import", "tsx", entry];
// The same code, told by configuration alone which provider it talks to.
const keycloak = { IDP_PROFILE: "keycloak", OIDC_PROFILE: "keycloak", API_PROFILE: "keycloak" };

const idp = (name: string, port: number, appPorts: number[], extra: Record<string, string> = {}): ServerSpec => ({
  name: `${name} idp :${port}`,
  args: tsx("idp/server.ts"),
  ready: READY.idp,
  env: {
    ...common,
    IDP_PORT: String(port),
    APP_BASE_URL: url(appPorts[0] ?? 0),
    IDP_APP_ORIGINS: appPorts.map(url).join(","),
    IDP_DATA_DIR: `.data/e2e/idp-${port}`,
    IDP_TEST_ALLOW_OTP_REUSE: SINGLE_USE_CODE_IDPS.has(port) ? "0" : "1",
    ...extra,
  },
});
const api = (name: string, port: number, idpPort: number, extra: Record<string, string> = {}): ServerSpec => ({
  name: `${name} api :${port}`,
  args: tsx("api/server.ts"),
  ready: READY.api,
  env: { ...common, API_PORT: String(port), OIDC_ISSUER: url(idpPort), API_DATA_DIR: "memory://", ...extra },
});
const app = (name: string, port: number, idpPort: number, apiPort: number, extra: Record<string, string> = {}): ServerSpec => ({
  name: `${name} app :${port}`,
  args: ["node_modules/next/dist/bin/next", "start", "--port", String(port)],
  ready: READY.app,
  env: {
    ...common,
    PORT: String(port),
    APP_BASE_URL: url(port),
    OIDC_ISSUER: url(idpPort),
    FABRIKAM_API_URL: url(apiPort),
    APP_DATA_DIR: "memory://",
    ...extra,
  },
});

/** The twelve servers: per profile an IdP, the APIs and one app per stack (lax shares main's API). */
export const STACK_SERVERS: readonly ServerSpec[] = [
  // Each IdP names payees on its approval pages from its profile's main API's directory (the demo accounts are the same).
  idp("auth0 main+challenge", STACKS.main.idp, [STACKS.main.app, STACKS.challenge.app], { IDP_DIRECTORY_URL: url(STACKS.main.api) }),
  idp("auth0 lax", STACKS.lax.idp, [STACKS.lax.app], { IDP_MFA_POLICY: "off", IDP_DIRECTORY_URL: url(STACKS.lax.api) }),
  api("auth0 main+lax", STACKS.main.api, STACKS.main.idp),
  api("auth0 challenge", STACKS.challenge.api, STACKS.challenge.idp, { TRANSFER_MAX_AGE: String(CHALLENGE_MAX_AGE) }),
  app("auth0 main", STACKS.main.app, STACKS.main.idp, STACKS.main.api),
  app("auth0 lax", STACKS.lax.app, STACKS.lax.idp, STACKS.lax.api),
  app("auth0 challenge", STACKS.challenge.app, STACKS.challenge.idp, STACKS.challenge.api),
  idp("keycloak", STACKS.keycloakMain.idp, [STACKS.keycloakMain.app, STACKS.keycloakChallenge.app], {
    ...keycloak,
    IDP_DIRECTORY_URL: url(STACKS.keycloakMain.api),
  }),
  api("keycloak main", STACKS.keycloakMain.api, STACKS.keycloakMain.idp, keycloak),
  api("keycloak challenge", STACKS.keycloakChallenge.api, STACKS.keycloakChallenge.idp, { ...keycloak, TRANSFER_MAX_AGE: String(CHALLENGE_MAX_AGE) }),
  app("keycloak main", STACKS.keycloakMain.app, STACKS.keycloakMain.idp, STACKS.keycloakMain.api, keycloak),
  app("keycloak challenge", STACKS.keycloakChallenge.app, STACKS.keycloakChallenge.idp, STACKS.keycloakChallenge.api, keycloak),
];
