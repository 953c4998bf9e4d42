/**
 * Failure tests @auth0-only: the identity provider or the Accounts API goes down and comes back. The spec runs its
 * own IdP, API and app (ports from E2E_PORT_OFFSET) so it can stop them without disturbing the shared stacks.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RunningIdp, startIdp } from "../testing/start-idp";
import { expect, test, USERS } from "./fixtures";
import { localUrl, OWN_PORTS, type OwnProcess, READY, startOwnProcess } from "./own-processes";

const app = localUrl(OWN_PORTS.app);
const issuer = localUrl(OWN_PORTS.idp);
const common = { NEXT_TELEMETRY_DISABLED: "1", FABRIKAM_DEMO: "1" };

let idpDataDir: string;
let apiDataDir: string;
let idp: RunningIdp | undefined;
let api: OwnProcess | undefined;
let web: OwnProcess | undefined;

// Same port and data dir every time, so the app and the API see the same provider (and keys) when it returns.
// These tests are about outages, not codes: the IdP accepts a code more than once (test-only switch).
const startOwnIdp = () =>
  startIdp({ port: OWN_PORTS.idp, dataDir: idpDataDir, env: { ...common, APP_BASE_URL: app, IDP_APP_ORIGINS: app, IDP_TEST_ALLOW_OTP_REUSE: "1" } });
const startOwnApi = () =>
  startOwnProcess({
    name: `own api :${OWN_PORTS.api}`,
    args: ["--import", "tsx", "api/server.ts"],
    env: { ...common, API_PORT: String(OWN_PORTS.api), OIDC_ISSUER: issuer, API_DATA_DIR: apiDataDir },
    ready: READY.api,
  });
const startOwnApp = () =>
  startOwnProcess({
    name: `own app :${OWN_PORTS.app}`,
    args: ["node_modules/next/dist/bin/next", "start", "--port", String(OWN_PORTS.app)],
    env: {
      ...common,
      PORT: String(OWN_PORTS.app),
      APP_BASE_URL: app,
      OIDC_ISSUER: issuer,
      FABRIKAM_API_URL: localUrl(OWN_PORTS.api),
      APP_DATA_DIR: "memory://",
    },
    ready: READY.app,
  });

test.describe("when a service goes down @auth0-only", () => {
  test.beforeAll(async () => {
    idpDataDir = await mkdtemp(join(tmpdir(), "fabrikam-e2e-idp-"));
    apiDataDir = await mkdtemp(join(tmpdir(), "fabrikam-e2e-api-"));
  });

  // Every test starts with the whole stack up, whatever an earlier test took down; the three start side by side.
  test.beforeEach(async () => {
    await Promise.all([
      idp?.running() ? undefined : startOwnIdp().then((started) => (idp = started)),
      api?.running() ? undefined : startOwnApi().then((started) => (api = started)),
      web?.running() ? undefined : startOwnApp().then((started) => (web = started)),
    ]);
  });

  test.afterAll(async () => {
    await Promise.all([web?.stop(), api?.stop(), idp?.stop()]);
    await rm(idpDataDir, { recursive: true, force: true });
    await rm(apiDataDir, { recursive: true, force: true });
  });

  test("IdP down: public pages are served, protected pages say the provider is unavailable, and recover when it returns", async ({ page, idp: idpPage }) => {
    await idp?.stop();
    const home = await page.goto(`${app}/`);
    expect(home?.status()).toBe(200);

    await page.goto(`${app}/salary`);
    await expect(page).toHaveURL(`${app}/auth/error?code=idp_unavailable`);
    await expect(page.getByRole("heading", { name: "The identity provider is unavailable" })).toBeVisible();

    // Back on the same port and data: the app finds it again by itself, without a restart.
    idp = await startOwnIdp();
    await page.goto(`${app}/salary`);
    await idpPage.expectPasswordPage();
  });

  test("API down: nothing is sent or spent on submit; a confirmation it interrupts is kept and goes through once the API is back", async ({
    page,
    idp: idpPage,
  }) => {
    await page.goto(`${app}/transfer`);
    await idpPage.signIn(USERS.alice);
    await expect(page).toHaveURL(`${app}/transfer`);
    await expect(page.getByRole("heading", { name: "Transfer funds" })).toBeVisible();
    await page.getByLabel("To").selectOption("acc_bob_checking");
    await page.getByLabel("Amount (USD)").fill("12.34");
    await page.getByLabel("Memo (optional)").fill("While the API is down");

    await api?.stop();
    await page.getByRole("button", { name: "Transfer", exact: true }).click();
    // The intranet checks the accounts with the API before it asks for a second factor: it cannot, so it sends
    // nothing, asks for nothing, and keeps what was typed.
    await expect(page.getByRole("status")).toContainText("The Accounts API could not be reached, so nothing was transferred");
    await expect(page).toHaveURL(`${app}/transfer`);
    await expect(page.getByLabel("Amount (USD)")).toHaveValue("12.34");
    await expect(page.getByLabel("To")).toHaveValue("acc_bob_checking");

    // A page that reads from the API says what is wrong, not the generic error page.
    await page.goto(`${app}/accounts`);
    await expect(page.getByRole("alert").filter({ hasText: "The Accounts API cannot be reached" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "This page could not be loaded" })).toHaveCount(0);

    api = await startOwnApi();
    await page.goto(`${app}/transfer`);
    await page.getByLabel("To").selectOption("acc_bob_checking");
    await page.getByLabel("Amount (USD)").fill("12.34");
    await page.getByRole("button", { name: "Transfer", exact: true }).click();
    await idpPage.enterValidCode(USERS.alice);
    await expect(page.getByRole("heading", { name: "Confirm your transfer" })).toBeVisible();

    // Down again between the second factor and the confirmation: the transfer is kept, and the form's page says so.
    await api?.stop();
    await page.getByRole("button", { name: "Confirm transfer" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "The Accounts API cannot be reached" })).toContainText("Your transfer of 12.34 USD is kept");

    api = await startOwnApi();
    // The token went out with the failed attempt (single use, whatever the answer): approving it again takes a new factor.
    await page.goto(`${app}/transfer/confirm`);
    await idpPage.enterValidCode(USERS.alice);
    await expect(page.getByTestId("pending-amount")).toHaveText("12.34 USD");
    await expect(page.getByRole("heading", { name: "Confirm your transfer" })).toBeVisible();
    await page.getByRole("button", { name: "Confirm transfer" }).click();
    await expect(page.getByText("Transfer completed")).toBeVisible();
  });
});
