import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import type { E2eProfile } from "./e2e/stacks";

// Debian's Chromium when present (Playwright cannot download its own here); Playwright's managed browser elsewhere.
const systemChromium = "/usr/bin/chromium";
const launchOptions = existsSync(systemChromium)
  ? {
      executablePath: systemChromium,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    }
  : {};

export default defineConfig<object, { profile: E2eProfile }>({
  testDir: "e2e",
  // One worker per project: a project's tests share its stacks' demo users, ledger and push requests, so they run one
  // at a time; the projects share nothing (each has its own IdPs, APIs and apps), so two run side by side.
  workers: 2,
  // A flaky test is a bug to fix, not to retry, in CI as well.
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: { ...devices["Desktop Chrome"], launchOptions, trace: "retain-on-failure" },
  // One project per imitated provider profile: the same specs, each against its own stack of servers.
  projects: [
    { name: "auth0", use: { profile: "auth0" }, workers: 1, testIgnore: /(failures|instances|dev-mode)\.spec\.ts/ },
    // The step-up flows again against the Keycloak imitation; the other specs test the app itself, once.
    { name: "keycloak", use: { profile: "keycloak" }, workers: 1, grepInvert: /@auth0-only/, testMatch: /(api|web)-step-up\.spec\.ts/ },
    // The outage tests start and stop an IdP, API and app of their own, so they need not wait for the auth0 project.
    { name: "auth0-outages", use: { profile: "auth0" }, workers: 1, testMatch: /failures\.spec\.ts/ },
    // Two intranet and two API instances on one PostgreSQL database, started by the spec itself (needs TEST_DATABASE_URL).
    { name: "instances", use: { profile: "auth0" }, workers: 1, testMatch: /instances\.spec\.ts/ },
    // `next dev` with an IdP and API of its own, started by the spec: every page without a console error.
    { name: "dev", use: { profile: "auth0" }, workers: 1, testMatch: /dev-mode\.spec\.ts/ },
  ],
  // One launcher starts the twelve servers of e2e/stack-servers.ts at once and says when all listen.
  webServer: {
    command: "node --import tsx e2e/launch-stacks.ts",
    wait: { stdout: /e2e stacks ready/ },
    timeout: 180_000,
    stdout: "ignore",
    stderr: "pipe",
  },
});
