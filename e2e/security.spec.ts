import type { APIRequestContext, Page } from "@playwright/test";
import { expect, test, USERS } from "./fixtures";
import { appUrl, STACKS } from "./stacks";

const main = appUrl("main");
const SESSION_COOKIE = "fabrikam_session";

async function sessionCookie(page: Page): Promise<string> {
  const cookie = (await page.context().cookies(main)).find((c) => c.name === SESSION_COOKIE);
  expect(cookie, "a session cookie after sign-in").toBeTruthy();
  return cookie?.value ?? "";
}

/** Where a request with only this session cookie lands (no redirects followed). */
async function landingWith(request: APIRequestContext, path: string, cookie: string) {
  const response = await request.get(`${main}${path}`, { headers: { cookie: `${SESSION_COOKIE}=${cookie}` }, maxRedirects: 0 });
  return { status: response.status(), location: response.headers().location ?? "", body: await response.text() };
}

const PROTECTED = ["/directory", "/salary", "/accounts", "/transfer", "/transfer/confirm", "/activity", "/inspector"];

/**
 * `path` refused this cookie with a real redirect to the login page: from middleware (303) when the session falls
 * short on its face, or from the segment's policy layout (307) when only the server-side session record says no —
 * never a 200 with a loading shell.
 */
async function expectRefused(request: APIRequestContext, cookie: string, path = "/directory") {
  const landing = await landingWith(request, path, cookie);
  expect.soft([303, 307], `${path} answers with a redirect`).toContain(landing.status);
  expect.soft(landing.location, `${path} redirects to the login`).toContain(`/auth/login?returnTo=${encodeURIComponent(path)}`);
  expect.soft(landing.body, `${path} sends none of its content`).not.toContain("<h1");
}

test("every page carries a nonce'd CSP and the other security headers", async ({ request }) => {
  const first = await request.get(`${main}/`);
  const second = await request.get(`${main}/`);
  const csp = first.headers()["content-security-policy"] ?? "";
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}' 'strict-dynamic'/);
  expect(csp).toContain("object-src 'none'");
  expect(csp).toContain("base-uri 'none'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(second.headers()["content-security-policy"]).not.toEqual(csp);
  // Next.js put the same nonce on its own scripts, so they run under the policy.
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1] ?? "";
  expect(await first.text()).toContain(`nonce="${nonce}"`);
  expect(first.headers()["x-content-type-options"]).toBe("nosniff");
  expect(first.headers()["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(first.headers()["cross-origin-opener-policy"]).toBe("same-origin");
  for (const path of ["/auth/error?code=invalid_callback", "/directory"]) {
    expect((await request.get(`${main}${path}`, { maxRedirects: 0 })).headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  }
});

test("the benchmark pages answer 404 outside npm run bench", async ({ request }) => {
  for (const path of ["/bench/open", "/bench/gated", "/bench/checked"]) {
    expect.soft((await request.get(`${main}${path}`, { maxRedirects: 0 })).status(), path).toBe(404);
  }
});

test("CVE-2025-29927: x-middleware-subrequest does not skip the gate or the page's own check", async ({ request }) => {
  const response = await request.get(`${main}/salary`, {
    headers: { "x-middleware-subrequest": "middleware:middleware:middleware:middleware:middleware" },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(303);
  expect(response.headers().location).toContain("/auth/login?returnTo=%2Fsalary");
});

test("a tampered or truncated session cookie reads as signed out, never a server error", async ({ page, idp, request }) => {
  await page.goto(`${main}/directory`);
  await idp.signIn(USERS.bob);
  const cookie = await sessionCookie(page);
  const flipped = `${cookie.slice(0, 40)}${cookie[40] === "A" ? "B" : "A"}${cookie.slice(41)}`;
  for (const bad of [flipped, cookie.slice(0, cookie.length - 20), "Fe26.2**garbage", "%%%"]) {
    const home = await request.get(`${main}/`, { headers: { cookie: `${SESSION_COOKIE}=${bad}` } });
    expect(home.status()).toBe(200);
    await expect.soft(home.text()).resolves.toContain("Sign in");
    expect((await landingWith(request, "/directory", bad)).location).toContain("/auth/login");
  }
});

test("returnTo pointing at another site never sends the user there after sign-in", async ({ page, idp }) => {
  await page.goto(`${main}/auth/login?returnTo=${encodeURIComponent("https://evil.example/steal")}`);
  await idp.signIn(USERS.bob);
  await expect(page).toHaveURL(`${main}/`);
});

test("sign-out makes a copy of the old cookie useless", async ({ page, idp, request }) => {
  await page.goto(`${main}/directory`);
  await idp.signIn(USERS.bob);
  const stolen = await sessionCookie(page);
  const signedIn = await landingWith(request, "/directory", stolen);
  expect(signedIn.status).toBe(200);
  expect(signedIn.body).toContain("Employee directory");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("banner").getByRole("link", { name: "Sign in" })).toBeVisible();
  for (const path of PROTECTED) await expectRefused(request, stolen, path);
});

test("a step-up replaces the session: the pre-step-up cookie stops working; the activity page lists the events", async ({ page, idp, request }) => {
  await page.goto(`${main}/directory`);
  await idp.signIn(USERS.alice);
  const before = await sessionCookie(page);
  await page.getByRole("link", { name: "Salary" }).click();
  await idp.enterValidCode(USERS.alice);
  await expect(page.getByRole("heading", { name: "Your salary" })).toBeVisible();
  const after = await sessionCookie(page);
  expect(after).not.toEqual(before);
  expect((await landingWith(request, "/directory", after)).status).toBe(200);
  await expectRefused(request, before);

  await page.getByRole("link", { name: "Activity" }).click();
  const rows = page.getByRole("table", { name: "Your recent activity" }).getByRole("row");
  await expect(rows.nth(1)).toContainText("Extra verification completed");
  await expect(page.getByRole("table")).toContainText("Signed in");
});

test("a step-up finished as another account is refused, and the session stays the first user's", async ({ page, idp, context }) => {
  await page.goto(`${main}/directory`);
  await idp.signIn(USERS.bob);
  await expect(page.getByRole("heading", { name: "Employee directory" })).toBeVisible();
  // Forget only the provider's session (cookies do not separate by port): the step-up then asks for a password.
  const appCookies = (await context.cookies()).filter((c) => c.name.startsWith("fabrikam_"));
  await context.clearCookies();
  await context.addCookies(appCookies);
  await page.getByRole("link", { name: "Salary" }).click();
  await idp.signIn(USERS.alice);
  await idp.enterValidCode(USERS.alice);
  await expect(page).toHaveURL(`${main}/auth/error?code=account_mismatch`);
  await expect(page.getByRole("heading", { name: "You verified as a different person" })).toBeVisible();
  await expect(page.getByRole("banner")).toContainText(USERS.bob.name);
  await expect(page.getByTestId("claim-amr")).not.toContainText("mfa");
  await page.getByRole("link", { name: "Activity" }).click();
  await expect(page.getByRole("table", { name: "Your recent activity" }).getByRole("row").nth(1)).toContainText("shortfall: account_mismatch");
});

test("a replayed confirmation moves no money, with today's cookie or the one that still held the token, and a cross-origin one is refused", async ({
  page,
  idp,
  playwright,
}) => {
  await page.goto(`${main}/transfer`);
  await idp.signIn(USERS.bob);
  await page.getByLabel("To").selectOption("acc_alice_checking");
  await page.getByLabel("Amount (USD)").fill("1.00");
  await page.getByRole("button", { name: "Transfer" }).click();
  await idp.enterValidCode(USERS.bob);
  await expect(page.getByRole("heading", { name: "Confirm your transfer" })).toBeVisible();
  const actionRequest = page.waitForRequest((r) => r.method() === "POST" && r.headers()["next-action"] !== undefined);
  await page.getByRole("button", { name: "Confirm transfer" }).click();
  const captured = await actionRequest;
  // All headers, the Cookie too: the session and pending-transfer cookies as they were before the token was spent.
  const original = await captured.allHeaders();
  await expect(page.getByText("Transfer completed")).toBeVisible();
  const balance = await page.getByTestId("balance-acc_bob_checking").textContent();

  const replay = async (headers: Record<string, string>) => {
    // A request context of its own: exactly these headers, no cookie jar adding today's cookies.
    const client = await playwright.request.newContext();
    const response = await client.post(`${main}/transfer`, { headers, data: captured.postDataBuffer() ?? undefined, maxRedirects: 0 });
    const result = { status: response.status(), redirect: response.headers()["x-action-redirect"] ?? "", body: await response.text() };
    await client.dispose();
    return result;
  };
  const { cookie: oldCookie = "", ...withoutCookie } = original;
  const todaysCookie = (await page.context().cookies(main)).map((c) => `${c.name}=${c.value}`).join("; ");

  // Today's cookies hold neither the transfer nor its token: nothing to confirm.
  const withToday = await replay({ ...withoutCookie, cookie: todaysCookie, origin: main });
  expect(withToday.status).toBe(200);
  expect(withToday.body).toContain("There is no pending transfer any more");
  // The cookies from before still describe the transfer and its token, but the token itself was taken from the
  // server-side store when it was presented: nothing to present, so the action asks for a new second factor.
  const withOld = await replay({ ...withoutCookie, cookie: oldCookie, origin: main });
  expect(withOld.status).toBe(303);
  expect(withOld.redirect).toContain(`localhost:${STACKS.main.idp}/`);
  // From another site: refused before any action runs.
  const crossOrigin = await replay({ ...withoutCookie, cookie: oldCookie, origin: "https://evil.example" });
  expect(crossOrigin.status).toBe(403);

  await page.goto(`${main}/accounts`);
  await expect(page.getByTestId("balance-acc_bob_checking")).toHaveText(balance ?? "");
});
