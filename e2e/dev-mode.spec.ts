/**
 * `npm run dev` as a newcomer meets it: `next dev` with its own IdP and API, every page of the app opened signed in
 * (password and one-time code), and not one console error or uncaught exception — a CSP that blocks Next's dev
 * tools, a module the dev bundler cannot build, or a hydration mismatch would each show here first. Project `dev`.
 */
import type { Page } from "@playwright/test";
import { DEV_FLAGS } from "../scripts/dev-flags";
import { test as base, expect, IdpPage, USERS } from "./fixtures";
import { localUrl, type OwnProcess, READY, startOwnProcess } from "./own-processes";
import { offset } from "./stacks";

const PORTS = { app: 3370 + offset, idp: 4370 + offset, api: 4371 + offset } as const;
const app = localUrl(PORTS.app);
const PAGES = ["/", "/directory", "/salary", "/accounts", "/transfer", "/activity", "/inspector"] as const;
const common = { NEXT_TELEMETRY_DISABLED: "1", FABRIKAM_DEMO: "1" };

const test = base.extend<object, { devServers: OwnProcess[] }>({
  devServers: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern; it has none.
    async ({}, use) => {
      const issuer = localUrl(PORTS.idp);
      const specs = [
        {
          name: `dev idp :${PORTS.idp}`,
          args: ["--import", "tsx", "idp/server.ts"],
          ready: READY.idp,
          env: {
            ...common,
            IDP_PORT: String(PORTS.idp),
            APP_BASE_URL: app,
            IDP_APP_ORIGINS: app,
            IDP_DATA_DIR: `.data/e2e/idp-${PORTS.idp}`,
            IDP_TEST_ALLOW_OTP_REUSE: "1",
            IDP_DIRECTORY_URL: localUrl(PORTS.api),
          },
        },
        {
          name: `dev api :${PORTS.api}`,
          args: ["--import", "tsx", "api/server.ts"],
          ready: READY.api,
          env: { ...common, API_PORT: String(PORTS.api), OIDC_ISSUER: issuer, API_DATA_DIR: "memory://" },
        },
        {
          name: `dev app :${PORTS.app}`,
          args: ["node_modules/next/dist/bin/next", "dev", "--port", String(PORTS.app), ...DEV_FLAGS],
          ready: READY.app,
          // Its own build folder: the other projects serve the production build in .next.
          env: {
            ...common,
            NEXT_DIST_DIR: ".data/next-dev",
            APP_BASE_URL: app,
            OIDC_ISSUER: issuer,
            FABRIKAM_API_URL: localUrl(PORTS.api),
            APP_DATA_DIR: "memory://",
          },
        },
      ];
      const results = await Promise.allSettled(specs.map((spec) => startOwnProcess(spec, { timeoutMs: 120_000 })));
      const running = results.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
      try {
        const failed = results.find((result) => result.status === "rejected");
        if (failed) throw failed.reason;
        await use(running);
      } finally {
        await Promise.all(running.map((server) => server.stop()));
      }
    },
    { scope: "worker", timeout: 180_000 },
  ],
});

/** Every console error and uncaught exception on `page` from now on. */
function problemsOn(page: Page): string[] {
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`exception: ${error.message}`));
  return problems;
}

test("every page in dev mode, signed in with a second factor: no console error, no uncaught exception", async ({ page, devServers }) => {
  // Compiling each page on first visit takes a while on two cores.
  test.setTimeout(240_000);
  const problems = problemsOn(page);
  const idp = new IdpPage(page);
  await page.goto(`${app}/salary`, { timeout: 120_000 });
  await idp.signIn(USERS.alice);
  await idp.enterValidCode(USERS.alice);
  await expect(page.getByRole("heading", { name: "Your salary" })).toBeVisible({ timeout: 60_000 });
  for (const path of PAGES) {
    await page.goto(`${app}${path}`, { timeout: 120_000 });
    await expect(page.locator("main")).toBeVisible({ timeout: 60_000 });
    // Hydration and the dev tools report after the load: give them a moment.
    await page.waitForLoadState("networkidle");
  }
  expect(problems, `${problems.length} problems\n${devServers.map((server) => server.output().slice(-1500)).join("\n")}`).toEqual([]);
});
