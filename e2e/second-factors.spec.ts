import type { Page } from "@playwright/test";
import { addVirtualAuthenticator, type DemoUser, expect, IDP_URL, IdpPage, test, USERS, VerifyDevice } from "./fixtures";
import { appUrl } from "./stacks";

const main = appUrl("main");
const idpUrl = IDP_URL;

/** Signs in to the user's own pages at the IdP (Fabrikam Verify device page, passkey settings): password and code. */
async function signInToAccountPage(page: Page, path: "/device" | "/settings", user: DemoUser = USERS.alice) {
  await page.goto(`${idpUrl}${path}`);
  await new IdpPage(page).signInToAccountPage(user);
}

test("push approval: the sign-in waits until the device page approves, then the salary shows", async ({ page, idp }) => {
  await page.goto(`${main}/salary`);
  await idp.signIn(USERS.alice);
  await idp.expectCodePage();
  await page.getByRole("button", { name: "Approve with a push notification" }).click();
  await expect(page.getByRole("heading", { name: "Approve on Fabrikam Verify" })).toBeVisible();
  await expect(page.getByText(/because the intranet page you opened needs multi-factor authentication from the last 15 minutes/)).toBeVisible();
  const number = await idp.numberToMatch();
  expect(Number(number)).toBeGreaterThanOrEqual(10);

  const device = await page.context().newPage();
  await signInToAccountPage(device, "/device");
  const request = device.getByRole("listitem").filter({ hasText: "Fabrikam Intranet wants to sign you in" });
  await expect(request).toBeVisible();
  // Number matching: the device does not show the number; the person types what the sign-in page shows.
  await request.getByLabel("Number shown on the sign-in screen").fill(number);
  await request.getByRole("button", { name: "Approve" }).click();
  await expect(device.getByRole("status")).toContainText("Approved");

  // The waiting page notices the approval by itself.
  await expect(page.getByRole("heading", { name: "Your salary" })).toBeVisible();
  await expect(page.getByTestId("step-up-notice")).toContainText("Step-up complete");
  await page.goto(`${main}/inspector`);
  await expect(page.getByTestId("inspector-amr")).toContainText("mca");
  await expect(page.getByTestId("inspector-amr")).toContainText("mfa");
});

test("push denial: the sign-in page says so and signs nobody in", async ({ page, idp }) => {
  await page.goto(`${main}/salary`);
  await idp.signIn(USERS.bob);
  await page.getByRole("button", { name: "Approve with a push notification" }).click();

  const device = await page.context().newPage();
  await signInToAccountPage(device, "/device", USERS.bob);
  await device.getByRole("listitem").filter({ hasText: "wants to sign you in" }).getByRole("button", { name: "Deny" }).click();
  await expect(device.getByRole("status")).toContainText("Denied");

  await expect(page.getByRole("alert")).toContainText("denied on your device");
  await expect(page.getByRole("button", { name: "Send a new request" })).toBeVisible();
  // The code stays available after a denial.
  await page.getByRole("link", { name: "Enter a one-time code" }).click();
  await idp.enterValidCode(USERS.bob);
  await expect(page.getByRole("heading", { name: "Your salary" })).toBeVisible();
});

test("push with a wrong number: the device denies the request and both pages say so", async ({ page, idp }) => {
  await page.goto(`${main}/salary`);
  await idp.signIn(USERS.alice);
  await page.getByRole("button", { name: "Approve with a push notification" }).click();
  const shown = Number(await idp.numberToMatch());
  const wrong = String(shown === 99 ? 10 : shown + 1);

  const device = await page.context().newPage();
  await signInToAccountPage(device, "/device");
  const request = device.getByRole("listitem").filter({ hasText: "wants to sign you in" });
  await request.getByLabel("Number shown on the sign-in screen").fill(wrong);
  await request.getByRole("button", { name: "Approve" }).click();
  await expect(device.getByRole("alert")).toContainText("not the number on the sign-in screen, so the request was denied");
  await expect(device.getByText("No sign-in is waiting for you.")).toBeVisible();

  // Fails closed: the sign-in page learns of the denial by itself and offers a new request.
  await expect(page.getByRole("alert")).toContainText("did not match the one shown here, so the request was denied");
  await expect(page.getByRole("button", { name: "Send a new request" })).toBeVisible();
  await expect(page.getByText("Number to match:")).toHaveCount(0);
});

test("another user's device page cannot see or approve the request", async ({ page, idp, browser }) => {
  await page.goto(`${main}/salary`);
  await idp.signIn(USERS.alice);
  await page.getByRole("button", { name: "Approve with a push notification" }).click();
  await expect(page.getByRole("heading", { name: "Approve on Fabrikam Verify" })).toBeVisible();

  const device = await page.context().newPage();
  await signInToAccountPage(device, "/device", USERS.bob);
  await expect(device.getByText("No sign-in is waiting for you.")).toBeVisible();
  // Continuing without an approval keeps the user on the waiting page.
  await page.getByRole("button", { name: "I approved it — continue" }).click();
  await expect(page.getByRole("status")).toContainText("Not approved yet");

  // Leave nothing waiting: alice denies the request on her own device, so no later test finds a second one there.
  const own = await browser.newContext();
  await (await VerifyDevice.open(own, USERS.alice)).deny();
  await own.close();
});

test("passkeys: enrol at the IdP, then step up with the passkey; amr shows the key and mfa", async ({ page, idp }) => {
  await addVirtualAuthenticator(page);
  await signInToAccountPage(page, "/settings");
  await expect(page.getByRole("heading", { name: "Passkeys", exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Add a passkey" }).click();
  await expect(page.getByRole("status")).toContainText("Passkey added");
  await expect(page.getByText(/Passkey 1/)).toBeVisible();

  await page.goto(`${main}/transfer`);
  await idp.signIn(USERS.alice);
  await page.getByLabel("To").selectOption("acc_bob_checking");
  await page.getByLabel("Amount (USD)").fill("2.00");
  await page.getByRole("button", { name: "Transfer" }).click();
  await idp.expectCodePage();
  // Submitting the transfer asks for the high-value scope: a second factor, by passkey this time.
  await page.getByRole("link", { name: "Use a passkey" }).click();
  // The passkey approves this transfer, and the page says which (dynamic linking).
  await expect(page.getByText("asks for a second factor to approve the transfer shown here")).toBeVisible();
  await expect(page.getByTestId("approval-details")).toContainText("Send $2.00 from Alice Johnson's Everyday checking (acc_alice_checking) to Bob Smith");
  await page.getByRole("button", { name: "Use passkey" }).click();
  await expect(page.getByTestId("step-up-notice")).toContainText("Transfer authorized");
  await expect(page.getByRole("heading", { name: "Confirm your transfer" })).toBeVisible();

  await page.goto(`${main}/inspector`);
  await expect(page.getByTestId("transfer-token-card")).toContainText(/hwk|swk/);
  await expect(page.getByTestId("transfer-token-card")).toContainText("mfa");
  await expect(page.getByTestId("policy-transfer-confirm")).toContainText("satisfied");
});

test("passkey step-up without an enrolled passkey explains where to add one", async ({ page, idp }) => {
  await page.goto(`${main}/salary`);
  await idp.signIn(USERS.bob);
  await page.getByRole("link", { name: "Use a passkey" }).click();
  await expect(page.getByText("You have no passkey yet.")).toBeVisible();
  await expect(page.getByRole("link", { name: /passkey settings/ })).toHaveAttribute("href", "/settings");
});

test("the inspector shows mfa after a step-up with a code, and no token strings", async ({ page, idp }) => {
  await page.goto(`${main}/salary`);
  await idp.signIn(USERS.alice);
  await idp.enterValidCode(USERS.alice);
  await expect(page.getByRole("heading", { name: "Your salary" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Your session", exact: true })).toBeVisible();
  await page.goto(`${main}/inspector`);
  await expect(page.getByTestId("inspector-amr")).toContainText("otp, mfa");
  // The page's own detail replaces the summary panel every other page shows.
  await expect(page.getByRole("heading", { name: "Your session", exact: true })).toHaveCount(0);
  await expect(page.getByTestId("policy-salary")).toContainText("satisfied");
  await expect(page.getByTestId("policy-salary").getByRole("timer")).toHaveText(/1[45]:\d\d left/);
  await expect(page.getByTestId("everyday-token")).toContainText("read:accounts");
  // JWTs start with "eyJ": none may reach the browser.
  expect(await page.content()).not.toMatch(/eyJ[\w-]{10,}\.[\w-]{10,}\./);
});
