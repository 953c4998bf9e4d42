import { expect, test, USERS } from "./fixtures";
import { appUrl } from "./stacks";

test("salary while signed out: password, then one-time code, then the salary", async ({ page, idp, stack }) => {
  const { main } = stack;
  await page.goto(`${main}/salary`);
  await idp.signIn(USERS.alice);
  await idp.enterValidCode(USERS.alice);
  await expect(page).toHaveURL(`${main}/salary`);
  await expect(page.getByRole("heading", { name: "Your salary" })).toBeVisible();
  await expect(page.getByTestId("base-salary")).toHaveText("$128,000.00");
  await expect(page.getByTestId("claim-acr")).toContainText(stack.mfaClaims.acr);
  await expect(page.getByTestId("claim-amr")).toContainText(stack.mfaClaims.amr);
});

test("signed in with a password, salary asks only for the second factor", async ({ page, idp, stack }) => {
  const { main } = stack;
  await page.goto(`${main}/directory`);
  await idp.signIn(USERS.bob);
  await expect(page.getByRole("heading", { name: "Employee directory" })).toBeVisible();
  await expect(page.getByText("Password only", { exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();

  await page.getByRole("link", { name: "Salary" }).click();
  await idp.expectCodePage();
  await expect(page.getByLabel("Password")).toHaveCount(0);
  await idp.enterValidCode(USERS.bob);
  await expect(page.getByRole("heading", { name: "Your salary" })).toBeVisible();
  await expect(page.getByText("Multi-factor", { exact: true })).toBeVisible();
});

test("a wrong one-time code is refused with a clear message", async ({ page, idp, stack }) => {
  const { main } = stack;
  await page.goto(`${main}/salary`);
  await idp.signIn(USERS.alice);
  await idp.enterCode("000000");
  await expect(page.getByRole("alert")).toContainText(/code/i);
  await idp.expectCodePage();
  await idp.enterValidCode(USERS.alice);
  await expect(page.getByRole("heading", { name: "Your salary" })).toBeVisible();
});

test("a provider that ignores the MFA request ends on an explanation, not a loop @auth0-only", async ({ page, idp }) => {
  const lax = appUrl("lax");
  // Every request for the login route, redirect hops included (a loop runs through redirects, never committing a page).
  const logins: string[] = [];
  page.on("request", (request) => {
    if (request.url().startsWith(`${lax}/auth/login`)) logins.push(request.url());
  });
  await page.goto(`${lax}/salary`);
  await idp.signIn(USERS.alice);
  await expect(page.getByRole("heading", { name: "The identity provider did not perform multi-factor authentication" })).toBeVisible();
  await expect(page).toHaveURL(/\/auth\/error\?code=mfa_not_performed$/);
  // The redirect chain ended on the explanation: the gate's one trip to the login route, and no second.
  expect(logins).toHaveLength(1);
  await expect(page.getByTestId("claim-amr")).toHaveText('["pwd"]');
});

test("signing out clears the session here and at the provider", async ({ page, idp, stack }) => {
  const { main } = stack;
  await page.goto(`${main}/directory`);
  await idp.signIn(USERS.alice);
  await expect(page.getByRole("heading", { name: "Employee directory" })).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(`${main}/`);
  // The page it lands on says so, once: the intranet sent the session's ID token, so the provider's session ended too.
  await expect(page.getByTestId("signed-out-notice")).toContainText("You are signed out of the intranet and of Fabrikam Identity.");
  await expect(page.getByTestId("signed-out-notice")).toBeFocused();
  await expect(page.getByRole("link", { name: "Sign in" }).first()).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign out" })).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId("signed-out-notice")).toHaveCount(0);
  // Both sessions are gone: the directory asks for the password again.
  await page.goto(`${main}/directory`);
  await idp.expectPasswordPage();
});

test("cancelling at the provider ends on a clear page, not a loop", async ({ page, stack }) => {
  await page.goto(`${stack.main}/salary`);
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(page).toHaveURL(/\/auth\/error\?code=access_denied$/);
  await expect(page.getByRole("heading", { name: "Sign-in was cancelled" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Go to the home page" })).toBeVisible();
});
