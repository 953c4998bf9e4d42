import { expect, IDP_URL, test, USERS } from "./fixtures";

// OIDC Back-Channel Logout: the provider tells the intranet server-to-server, so no intranet page is visited in between.
test("signing out at the provider ends the intranet session: the next page asks for the password", async ({ page, idp, stack }) => {
  const { main } = stack;
  await page.goto(`${main}/salary`);
  await idp.signIn(USERS.alice);
  await idp.enterValidCode(USERS.alice);
  await expect(page.getByRole("heading", { name: "Your salary" })).toBeVisible();

  // The provider's own end-session page, opened directly (as from another application or the provider's portal).
  await page.goto(`${IDP_URL}/session/end`);
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page.getByRole("status")).toContainText("You have signed out");

  // The intranet cookie is still in the browser, but its session was ended by the logout token.
  await page.goto(`${main}/directory`);
  await idp.expectPasswordPage();
  await idp.signIn(USERS.alice);
  await expect(page.getByRole("heading", { name: "Employee directory" })).toBeVisible();
});

test("the back-channel logout endpoint answers POST only, and a forged post does nothing", async ({ request, stack }) => {
  const url = `${stack.main}/auth/backchannel-logout`;
  expect((await request.get(url)).status()).toBe(405);
  // Exempt from the page guard's Origin check as a route handler: only a token the provider signed does anything.
  const forged = await request.post(url, { form: { logout_token: "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhbGljZSJ9." }, headers: { origin: "https://evil.example" } });
  expect(forged.status()).toBe(400);
  expect(forged.headers()["cache-control"]).toBe("no-store");
  expect(await forged.json()).toMatchObject({ error: "invalid_request", error_description: expect.stringMatching(/^[A-Z].*\.$/) });
});
