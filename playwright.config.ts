import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";
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
const app = (port: number, idpPort: number, apiPort: number) => ({
  command: next(port),
  url: url(port),
  env: { ...common, PORT: String(port), APP_BASE_URL: url(port), OIDC_ISSUER: url(idpPort), FABRIKAM_API_URL: url(apiPort), APP_DATA_DIR: "memory://" },
});

export default defineConfig({
  testDir: "e2e",
  // One worker: the tests share demo users and a 2-core machine; each test has its own browser context.
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: { ...devices["Desktop Chrome"], launchOptions, trace: "retain-on-failure" },
  webServer: [
    idp(STACKS.main.idp, [STACKS.main.app, STACKS.challenge.app]),
    idp(STACKS.lax.idp, [STACKS.lax.app], { IDP_MFA_POLICY: "off" }),
    api(STACKS.main.api, STACKS.main.idp),
    api(STACKS.challenge.api, STACKS.challenge.idp, { TRANSFER_MAX_AGE: String(CHALLENGE_MAX_AGE) }),
    app(STACKS.main.app, STACKS.main.idp, STACKS.main.api),
    app(STACKS.lax.app, STACKS.lax.idp, STACKS.lax.api),
    app(STACKS.challenge.app, STACKS.challenge.idp, STACKS.challenge.api),
  ].map((server) => ({ ...server, reuseExistingServer: false, timeout: 60_000, stdout: "ignore" as const, stderr: "pipe" as const })),
});
