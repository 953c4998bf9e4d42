import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, IDP_URL, test, USERS, VerifyDevice } from "./fixtures";
import { appUrl } from "./stacks";

const main = appUrl("main");
const idpUrl = IDP_URL;

/** Runs axe (WCAG 2.x A/AA and best practices) on the page as it is now; lists the violations when there are any. */
async function expectNoViolations(page: Page, name: string) {
  // Pages with a loading.tsx stream their content: check the page, not its loading placeholder.
  await expect(page.locator("h1").first()).toBeVisible();
  const results = await new AxeBuilder({ page }).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
  expect(summary, `${name} at ${page.url()}`).toEqual([]);
}

test.describe.configure({ timeout: 180_000 });

for (const colorScheme of ["light", "dark"] as const) {
  test.describe(`${colorScheme} mode`, () => {
    test.beforeEach(async ({ page }) => {
      await page.emulateMedia({ colorScheme });
    });

    test("signed-out pages of the app and the IdP", async ({ page }) => {
      for (const path of ["/", "/auth/error?code=mfa_not_performed", "/no-such-page"]) {
        await page.goto(`${main}${path}`);
        await expectNoViolations(page, `app ${path}`);
      }
      for (const path of ["/", "/device", "/settings"]) {
        await page.goto(`${idpUrl}${path}`);
        await expectNoViolations(page, `IdP ${path}`);
      }
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page.getByRole("alert")).toContainText("Enter your username, your password and a code.");
      await expectNoViolations(page, "IdP account sign-in with an error");
      await page.goto(`${main}/directory`);
      await expect(page.getByLabel("Password")).toBeVisible();
      await expectNoViolations(page, "IdP sign-in page");
      await page.getByRole("button", { name: "Continue" }).click();
      await expect(page.getByRole("alert")).toBeVisible();
      await expectNoViolations(page, "IdP sign-in page with an error");
    });

    test("signed-in pages, each second factor's page, and the IdP's account pages", async ({ page, idp }) => {
      await page.goto(`${main}/salary`);
      await idp.signIn(USERS.alice);
      await idp.expectCodePage();
      await expectNoViolations(page, "IdP code page");
      await idp.enterCode("000000");
      await expectNoViolations(page, "IdP code page with an error");

      await page.getByRole("link", { name: "Use a passkey" }).click();
      await expectNoViolations(page, "IdP passkey page");
      await page.getByRole("button", { name: "Approve with a push notification" }).click();
      await expectNoViolations(page, "IdP push waiting page");
      const number = await idp.numberToMatch();

      const verify = await VerifyDevice.open(page.context(), USERS.alice, (device) => device.emulateMedia({ colorScheme }));
      const device = verify.page;
      await expectNoViolations(device, "Fabrikam Verify with a request");
      await verify.approve(number);
      await expectNoViolations(device, "Fabrikam Verify after approving");
      await device.goto(`${idpUrl}/settings`);
      await expectNoViolations(device, "passkey settings");

      // The waiting page continues by itself (polling); wait for its redirect chain to land on the salary page.
      await page.waitForURL(`${main}/salary`);
      await expect(page.getByRole("heading", { name: "Your salary" })).toBeVisible();
      await expectNoViolations(page, "salary after step-up, with the notice");
      for (const path of ["/", "/directory", "/accounts", "/activity", "/inspector"]) {
        await page.goto(`${main}${path}`);
        await expectNoViolations(page, `app ${path}`);
      }
      await page.goto(`${main}/transfer`);
      await expect(page.getByRole("heading", { name: "Transfer funds" })).toBeVisible();
      await expectNoViolations(page, "transfer form");
      await page.getByLabel("To").selectOption("acc_bob_checking");
      await page.getByLabel("Amount (USD)").fill("1.00");
      await page.getByRole("button", { name: "Transfer" }).click();
      await idp.enterValidCode(USERS.alice);
      await expect(page.getByRole("heading", { name: "Confirm your transfer" })).toBeVisible();
      await expectNoViolations(page, "transfer confirmation");
      await page.getByRole("button", { name: "Cancel" }).click();
      await expect(page.getByRole("heading", { name: "Transfer funds" })).toBeVisible();
    });
  });
}

/** WCAG 1.4.10 Reflow: at phone widths nothing makes the page scroll sideways (diagrams scroll in their own box). */
async function expectReflow(page: Page, name: string) {
  await expect(page.locator("h1").first()).toBeVisible();
  const { overflow, width } = await page.evaluate(() => ({
    overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    width: document.documentElement.clientWidth,
  }));
  expect.soft(overflow, `${name} at ${page.url()} is ${overflow} px wider than a ${width} px screen`).toBeLessThanOrEqual(0);
}

/** A 390 px phone (the common width today): axe and reflow on the same page as it is now. */
async function expectPhoneReady(page: Page, name: string) {
  await expectReflow(page, name);
  await expectNoViolations(page, `${name} at 390 px`);
}

test("every page of the app and the IdP passes axe and reflows on a 390 px wide phone", async ({ page, idp }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  for (const path of ["/", "/auth/error?code=mfa_not_performed", "/no-such-page"]) {
    await page.goto(`${main}${path}`);
    await expectPhoneReady(page, `app ${path}, signed out`);
  }
  for (const path of ["/", "/device", "/settings"]) {
    await page.goto(`${idpUrl}${path}`);
    await expectPhoneReady(page, `IdP ${path}`);
  }
  await page.goto(`${main}/salary`);
  await expectPhoneReady(page, "IdP sign-in page");
  await idp.signIn(USERS.alice);
  await idp.expectCodePage();
  await expectPhoneReady(page, "IdP code page");
  await page.getByRole("link", { name: "Use a passkey" }).click();
  await expectPhoneReady(page, "IdP passkey page");
  await page.getByRole("button", { name: "Approve with a push notification" }).click();
  await expectPhoneReady(page, "IdP push waiting page");
  const number = await idp.numberToMatch();
  const verify = await VerifyDevice.open(page.context(), USERS.alice, (device) => device.setViewportSize({ width: 390, height: 844 }));
  await expectPhoneReady(verify.page, "Fabrikam Verify with a request");
  await verify.approve(number);
  await page.waitForURL(`${main}/salary`);
  await expect(page.getByRole("heading", { name: "Your salary" })).toBeVisible();
  await expectPhoneReady(page, "salary after step-up, with the notice");
  for (const path of ["/", "/directory", "/accounts", "/activity", "/inspector", "/transfer"]) {
    await page.goto(`${main}${path}`);
    await expectPhoneReady(page, `app ${path}`);
  }
  // The boxes that scroll sideways are named regions a keyboard can reach.
  await page.goto(`${main}/`);
  const diagram = page.getByRole("region", { name: /diagram$/ }).first();
  await expect(diagram).toHaveAttribute("tabindex", "0");
  await page.goto(`${main}/transfer`);
  await page.getByLabel("To").selectOption("acc_bob_checking");
  await page.getByLabel("Amount (USD)").fill("1.00");
  await page.getByRole("button", { name: "Transfer" }).click();
  await idp.enterValidCode(USERS.alice);
  await expect(page.getByRole("heading", { name: "Confirm your transfer" })).toBeVisible();
  await expectPhoneReady(page, "transfer confirmation");
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByRole("heading", { name: "Transfer funds" })).toBeVisible();
});

test("every page of the app and the IdP reflows on a 320 px wide phone", async ({ page, idp }) => {
  await page.setViewportSize({ width: 320, height: 640 });
  await page.goto(`${main}/`);
  await expectReflow(page, "home, signed out");
  for (const path of ["/", "/device", "/settings"]) {
    await page.goto(`${idpUrl}${path}`);
    await expectReflow(page, `IdP ${path}`);
  }
  await page.goto(`${main}/salary`);
  await expectReflow(page, "IdP sign-in page");
  await idp.signIn(USERS.alice);
  await idp.expectCodePage();
  await expectReflow(page, "IdP code page");
  await page.getByRole("button", { name: "Approve with a push notification" }).click();
  await expectReflow(page, "IdP push waiting page, with the number to match");
  const number = await idp.numberToMatch();
  const verify = await VerifyDevice.open(page.context(), USERS.alice, (device) => device.setViewportSize({ width: 320, height: 640 }));
  await expectReflow(verify.page, "Fabrikam Verify with a request");
  await verify.approve(number);
  await expect(page.getByRole("heading", { name: "Your salary" })).toBeVisible();
  for (const path of ["/", "/directory", "/salary", "/accounts", "/activity", "/inspector", "/auth/error?code=mfa_not_performed"]) {
    await page.goto(`${main}${path}`);
    await expectReflow(page, path);
  }
});
