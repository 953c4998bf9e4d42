import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import type { E2eProfile } from "./e2e/stacks";

// Debian's Chromium when present (Playwright cannot download its own here); Playwright's managed browser elsewhere.
const systemChromium = "/usr/bin/chromium";
const launchOptions = existsSync(systemChromium)
  ? {
      executablePath: systemChromium,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    }
  : {};

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
  // One launcher starts the twelve servers of e2e/stack-servers.ts at once and says when all listen.
  webServer: {
    command: "node --import tsx e2e/launch-stacks.ts",
    wait: { stdout: /e2e stacks ready/ },
    timeout: 180_000,
    stdout: "ignore",
    stderr: "pipe",
  },
});
