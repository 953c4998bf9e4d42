import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import type { E2eProfile } from "./e2e/stacks";
import { CHALLENGE_MAX_AGE, STACKS } from "./e2e/stacks";

// Debian's Chromium when present (Playwright cannot download its own here); Playwright's managed browser elsewhere.
const systemChromium = "/usr/bin/chromium";
const launchOptions = existsSync(systemChromium)
  ? {
      executablePath: systemChromium,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    }
  : {};

const url = (port: number) => `http://localhost:${port}`;
const common = { NEXT_TELEMETRY_DISABLED: "1", FABRIKAM_DEMO: "1" };
const tsx = (entry: string) => `node --import tsx ${entry}`;
const next = (port: number) => `node node_modules/next/dist/bin/next start --port ${port}`;

const idp = (port: number, appPorts: number[], extra: Record<string, string> = {}) => ({
  command: tsx("idp/server.ts"),
  url: `${url(port)}/.well-known/openid-configuration`,
  env: {
    ...common,
    IDP_PORT: String(port),
    APP_BASE_URL: url(appPorts[0] ?? 0),
    IDP_APP_ORIGINS: appPorts.map(url).join(","),
    IDP_DATA_DIR: `.data/e2e/idp-${port}`,
    ...extra,
  },
});
const api = (port: number, idpPort: number, extra: Record<string, string> = {}) => ({
  command: tsx("api/server.ts"),
  url: `${url(port)}/health`,
  env: { ...common, API_PORT: String(port), OIDC_ISSUER: url(idpPort), API_DATA_DIR: "memory://", ...extra },
});
const app = (port: number, idpPort: number, apiPort: number, extra: Record<string, string> = {}) => ({
  command: next(port),
  url: url(port),
  env: { ...common, PORT: String(port), APP_BASE_URL: url(port), OIDC_ISSUER: url(idpPort), FABRIKAM_API_URL: url(apiPort), APP_DATA_DIR: "memory://", ...extra },
});
// The same code, told by configuration alone which provider it talks to.
const keycloak = { IDP_PROFILE: "keycloak", OIDC_PROFILE: "keycloak", API_PROFILE: "keycloak" };

export default defineConfig<object, { profile: E2eProfile }>({
  testDir: "e2e",
  // One worker: the tests share demo users and a 2-core machine; each test has its own browser context.
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: { ...devices["Desktop Chrome"], launchOptions, trace: "retain-on-failure" },
  // One project per imitated provider profile: the same specs, each against its own stack of servers.
  projects: [
    { name: "auth0", use: { profile: "auth0" } },
    // The step-up flows again against the Keycloak imitation; the other specs test the app itself, once.
    { name: "keycloak", use: { profile: "keycloak" }, grepInvert: /@auth0-only/, testMatch: /(api|web)-step-up\.spec\.ts/ },
  ],
  webServer: [
    idp(STACKS.main.idp, [STACKS.main.app, STACKS.challenge.app]),
    idp(STACKS.lax.idp, [STACKS.lax.app], { IDP_MFA_POLICY: "off" }),
    api(STACKS.main.api, STACKS.main.idp),
    api(STACKS.challenge.api, STACKS.challenge.idp, { TRANSFER_MAX_AGE: String(CHALLENGE_MAX_AGE) }),
    app(STACKS.main.app, STACKS.main.idp, STACKS.main.api),
    app(STACKS.lax.app, STACKS.lax.idp, STACKS.lax.api),
    app(STACKS.challenge.app, STACKS.challenge.idp, STACKS.challenge.api),
    idp(STACKS.keycloakMain.idp, [STACKS.keycloakMain.app, STACKS.keycloakChallenge.app], keycloak),
    api(STACKS.keycloakMain.api, STACKS.keycloakMain.idp, keycloak),
    api(STACKS.keycloakChallenge.api, STACKS.keycloakChallenge.idp, { ...keycloak, TRANSFER_MAX_AGE: String(CHALLENGE_MAX_AGE) }),
    app(STACKS.keycloakMain.app, STACKS.keycloakMain.idp, STACKS.keycloakMain.api, keycloak),
    app(STACKS.keycloakChallenge.app, STACKS.keycloakChallenge.idp, STACKS.keycloakChallenge.api, keycloak),
  ].map((server) => ({ ...server, reuseExistingServer: false, timeout: 60_000, stdout: "ignore" as const, stderr: "pipe" as const })),
});
