import type { Page } from "@playwright/test";
import { addVirtualAuthenticator, expect, IDP_URL, type IdpPage, test, USERS } from "./fixtures";
import { streamRegistered } from "./ssf-streams";

// Shared Signals / CAEP: the provider pushes security events server-to-server; no intranet page is visited in between.
// Bob, so the passkey removed here is not one another spec enrolled for alice.
const user = USERS.bob;

async function signInWithMfa(page: Page, idp: IdpPage, app: string) {
  await page.goto(`${app}/salary`);
  await idp.signIn(user);
  await idp.enterValidCode(user);
  await expect(page.getByRole("heading", { name: "Your salary" })).toBeVisible();
}

test("removing a passkey at the provider: /salary asks for a second factor again, /directory does not", async ({ page, idp, stack, request }) => {
  const { main } = stack;
  await streamRegistered(request, IDP_URL, `${main}/auth/ssf/events`);
  await signInWithMfa(page, idp, main);

  await addVirtualAuthenticator(page);
  await page.goto(`${IDP_URL}/settings`);
  await idp.signInToAccountPage(user);
  await page.getByRole("button", { name: "Add a passkey" }).click();
  await expect(page.getByRole("status")).toContainText("Passkey added");
  await page.getByRole("button", { name: "Remove passkey 1" }).click();
  await expect(page.getByRole("status")).toContainText("Passkey removed");

  // The sealed cookie still says MFA; the server-side record of the CAEP event says it no longer counts.
  await page.goto(`${main}/directory`);
  await expect(page.getByRole("heading", { name: "Employee directory" })).toBeVisible();
  await page.goto(`${main}/inspector`);
  await expect(page.getByTestId("inspector-downgrade")).toContainText("assurance-level-change");
  await page.goto(`${main}/salary`);
  // max_age since the downgrade: the provider authenticates again, password and second factor, and then it counts.
  await idp.signIn(user);
  await idp.enterValidCode(user);
  await expect(page.getByRole("heading", { name: "Your salary" })).toBeVisible();
  await page.goto(`${main}/activity`);
  await expect(page.getByRole("cell", { name: /^Second factor no longer counts/ }).first()).toBeVisible();
});

test("“Sign out of every application” at the provider: the next intranet request asks for the password", async ({ page, idp, stack, request }) => {
  const { main } = stack;
  await streamRegistered(request, IDP_URL, `${main}/auth/ssf/events`);
  await signInWithMfa(page, idp, main);

  await page.goto(`${IDP_URL}/settings`);
  await idp.signInToAccountPage(user);
  await page.getByRole("button", { name: "Sign out of every application" }).click();
  await expect(page.getByRole("alert")).toContainText("You have signed out of every application");

  await page.goto(`${main}/directory`);
  await idp.expectPasswordPage();
  await idp.signIn(user);
  await expect(page.getByRole("heading", { name: "Employee directory" })).toBeVisible();
  await page.goto(`${main}/activity`);
  await expect(page.getByRole("cell", { name: "Signed out of every application at Fabrikam Identity", exact: true }).first()).toBeVisible();
});

test("the SSF event endpoint answers POST only, and a forged post does nothing", async ({ request, stack }) => {
  const url = `${stack.main}/auth/ssf/events`;
  expect((await request.get(url)).status()).toBe(405);
  const forged = await request.post(url, {
    data: "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhbGljZSJ9.",
    headers: { "content-type": "application/secevent+jwt", origin: "https://evil.example" },
  });
  expect(forged.status()).toBe(401);
  expect(await forged.json()).toMatchObject({ err: "authentication_failed", description: expect.stringMatching(/^[A-Z].*\.$/) });
});
