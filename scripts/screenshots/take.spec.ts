/** Regenerates the README's screenshots (docs/screenshots/*.png) by walking the demo as a person would. */
import { expect, test, USERS, VerifyDevice } from "../../e2e/fixtures";
import { appUrl } from "../../e2e/stacks";

const main = appUrl("main");
const shot = (name: string) => ({ path: `docs/screenshots/${name}.png`, fullPage: true });

test("screenshots", async ({ page, idp }) => {
  await page.goto(`${main}/`);
  await page.screenshot(shot("home"));

  await page.goto(`${main}/salary`);
  await idp.signIn(USERS.alice);
  await idp.expectCodePage();
  await page.screenshot(shot("idp-factor-choice"));

  await page.getByRole("button", { name: "Approve with a push notification" }).click();
  const number = await idp.numberToMatch();
  const verify = await VerifyDevice.open(page.context(), USERS.alice, (device) => device.setViewportSize({ width: 420, height: 760 }));
  await verify.page.getByLabel("Number shown on the sign-in screen").fill(number);
  await verify.page.screenshot(shot("push-device"));
  await verify.approve(number);

  await expect(page.getByRole("heading", { name: "Your salary" })).toBeVisible();
  await page.screenshot(shot("salary-after-step-up"));

  await page.goto(`${main}/transfer`);
  await page.getByLabel("To").selectOption("acc_bob_checking");
  await page.getByLabel("Amount (USD)").fill("42.00");
  await page.getByLabel("Memo (optional)").fill("Team lunch");
  await page.getByRole("button", { name: "Transfer" }).click();
  // The provider's page names what the second factor approves: amount, accounts, payee (RFC 9396).
  await expect(page.getByTestId("approval-details")).toContainText("$42.00");
  await page.screenshot(shot("idp-transfer-approval"));
  await idp.enterValidCode(USERS.alice);
  await page.getByRole("button", { name: "Confirm transfer" }).click();
  await expect(page.getByText("Transfer completed")).toBeVisible();
  // The notice is in the layout; the balances stream in after it.
  await expect(page.getByTestId("balance-acc_alice_checking")).toBeVisible();
  await page.screenshot(shot("transfer-confirmation"));
  // The notice clears its one-shot cookie once the page is interactive; leave only after that, as a person would.
  await expect.poll(async () => (await page.context().cookies()).some((c) => c.name === "fabrikam_flash")).toBe(false);

  await page.goto(`${main}/inspector`);
  await page.screenshot(shot("inspector"));

  // A phone (390 px): the accounts page with the transfer just made.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${main}/accounts`);
  await expect(page.getByTestId("balance-acc_alice_checking")).toBeVisible();
  await page.screenshot(shot("accounts-phone"));
});
