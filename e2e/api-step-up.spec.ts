import type { Page } from "@playwright/test";
import { untilClockPasses } from "../testing/clock";
import { type DemoUser, expect, type IdpPage, test, USERS } from "./fixtures";
import { CHALLENGE_MAX_AGE, type E2eProfile } from "./stacks";

const dollars = (text: string) => Number(text.replace(/[^0-9.]/g, ""));

async function balance(page: Page, base: string, accountId: string): Promise<number> {
  await page.goto(`${base}/accounts`);
  return dollars((await page.getByTestId(`balance-${accountId}`).textContent()) ?? "");
}

async function fillTransfer(page: Page, to: string, amount: string, memo: string) {
  await expect(page.getByRole("heading", { name: "Transfer funds" })).toBeVisible();
  await page.getByLabel("To").selectOption(to);
  await page.getByLabel("Amount (USD)").fill(amount);
  await page.getByLabel("Memo (optional)").fill(memo);
}

/**
 * Submits the form. The confirmation page's gate asks the provider to approve this exact transfer: its code page
 * names the amount (dynamic linking) before the second factor, and the transfer comes back for confirmation.
 */
async function submitAndVerify(page: Page, idp: IdpPage, user: DemoUser, amount: string, profile: E2eProfile, payee: string) {
  // PAR (RFC 9126): the browser carries only the client and a reference; acr_values and the details stay server-side.
  const authorizationRequest = page.waitForRequest((request) => new URL(request.url()).pathname === "/auth");
  await page.getByRole("button", { name: "Transfer" }).click();
  expect([...new URL((await authorizationRequest).url()).searchParams.keys()].sort()).toEqual(["client_id", "request_uri"]);
  await idp.expectCodePage();
  // Where the provider approves exact transfers (RFC 9396: the auth0 imitation), its page says which, with the
  // payee's name from the directory it trusts; otherwise it names no transfer.
  const approval = page.getByTestId("approval-details");
  if (profile === "auth0") await expect(approval).toContainText(new RegExp(`\\$${amount.replace(".", "\\.")}\\b.*${payee}`));
  else await expect(approval).toHaveCount(0);
  await idp.enterValidCode(user);
  await expect(page.getByRole("heading", { name: "Confirm your transfer" })).toBeVisible();
  await expect(page).toHaveURL(/\/transfer\/confirm$/);
}

test("a transfer: the form with a password, a one-time code on submit, then confirm; the money moves once", async ({ page, idp, stack }) => {
  const { main } = stack;
  await page.goto(`${main}/transfer`);
  await idp.signIn(USERS.bob);
  // The form needs only the everyday sign-in: no second factor yet.
  await expect(page.getByRole("heading", { name: "Transfer funds" })).toBeVisible();
  await expect(page.getByTestId("transfer-token")).toContainText("none");
  const before = await balance(page, main, "acc_bob_checking");

  await page.goto(`${main}/transfer`);
  await fillTransfer(page, "acc_alice_checking", "25.50", "Team lunch");
  await submitAndVerify(page, idp, USERS.bob, "25.50", stack.profile, "Alice Johnson");
  await expect(page.getByTestId("pending-amount")).toHaveText("25.50 USD");
  await expect(page.getByTestId("approved-transfer")).toContainText("25.50 USD to Alice");
  await expect(page.getByTestId("transfer-token")).toContainText("single-use");
  // The transfer step-up's ID token has no profile claims; the header keeps the name from the sign-in.
  await expect(page.getByRole("banner")).toContainText("Signed in as Bob Smith");
  // Sender-constrained where the profile asks for DPoP (auth0): the inspector says the token is bound to the app's key.
  await page.goto(`${main}/inspector`);
  const binding = page.getByText("bound to the intranet's DPoP key (RFC 9449)");
  if (stack.profile === "auth0") await expect(binding).toBeVisible();
  else await expect(binding).toHaveCount(0);
  await expect(page.getByTestId("policy-transfer-confirm")).toContainText("satisfied");
  if (stack.profile === "auth0")
    await expect(page.getByTestId("transfer-approval")).toContainText("approves exactly 25.50 USD from acc_bob_checking to acc_alice_checking");

  // The transfer waits, kept for this session, until it is confirmed.
  await page.goto(`${main}/transfer/confirm`);
  await page.getByRole("button", { name: "Confirm transfer" }).click();
  await expect(page.getByText("Transfer completed")).toBeVisible();
  // The notice is a receipt: what moved, between whom, and the API's reference for it.
  await expect(page.getByTestId("receipt-amount")).toHaveText("$25.50 (25.50 USD)");
  await expect(page.getByTestId("receipt-to")).toContainText("Alice");
  await expect(page.getByTestId("receipt-memo")).toHaveText("Team lunch");
  await expect(page.getByTestId("receipt-when")).toHaveText(/^\d{1,2} \w{3} \d{4}, \d{2}:\d{2} UTC$/);
  await expect(page.getByTestId("receipt-reference")).toHaveText(/^tr_[0-9a-f-]{36}$/);
  await expect(page.getByTestId("transfer-token")).toContainText("none");
  expect(dollars((await page.getByTestId("balance-acc_bob_checking").textContent()) ?? "")).toBeCloseTo(before - 25.5, 2);
  // The notice takes focus once, then is gone: the next page does not repeat it.
  await expect(page.getByTestId("step-up-notice")).toBeFocused();
  await page.goto(`${main}/accounts`);
  await expect(page.getByRole("heading", { name: "Your accounts" })).toBeVisible();
  await expect(page.getByTestId("step-up-notice")).toHaveCount(0);

  // The token was single-use: the next transfer asks for the second factor again (not the password).
  await page.getByRole("link", { name: "Make a transfer" }).click();
  await fillTransfer(page, "acc_alice_checking", "1.00", "");
  await page.getByRole("button", { name: "Transfer" }).click();
  await idp.expectCodePage();
  await expect(page.getByLabel("Password")).toHaveCount(0);
  await idp.enterValidCode(USERS.bob);
  await expect(page.getByRole("heading", { name: "Confirm your transfer" })).toBeVisible();
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByRole("heading", { name: "Transfer funds" })).toBeVisible();
});

test("an invalid amount is refused on the form before any second factor is asked for, and nothing moves", async ({ page, idp, stack }) => {
  const { main } = stack;
  await page.goto(`${main}/transfer`);
  await idp.signIn(USERS.bob);
  await fillTransfer(page, "acc_alice_checking", "1.005", "");
  await page.getByRole("button", { name: "Transfer" }).click();
  await expect(page.getByText(/at most two decimals/)).toBeVisible();
  await expect(page.getByLabel("Amount (USD)")).toHaveAttribute("aria-invalid", "true");
  // What was typed and chosen stays, and focus goes to the field to fix.
  await expect(page.getByLabel("Amount (USD)")).toBeFocused();
  await expect(page.getByLabel("Amount (USD)")).toHaveValue("1.005");
  await expect(page.getByLabel("To")).toHaveValue("acc_alice_checking");
  // Refused here: no second factor was spent on it.
  await expect(page).toHaveURL(`${main}/transfer`);
  await expect(page.getByTestId("transfer-token")).toContainText("none");
  // An empty amount asks for one, and the previous error does not stay beside it.
  await page.getByLabel("Amount (USD)").fill("");
  await page.getByRole("button", { name: "Transfer" }).click();
  await expect(page.getByText("Enter an amount.")).toBeVisible();
  await expect(page.getByText(/at most two decimals/)).toHaveCount(0);
});

test("a crafted form naming someone else's account is refused before any second factor is asked for", async ({ page, idp, stack }) => {
  const { main } = stack;
  await page.goto(`${main}/transfer`);
  await idp.signIn(USERS.bob);
  await fillTransfer(page, "acc_bob_savings", "1.00", "");
  // The From list offers only bob's accounts: rewrite an option the way a crafted request would.
  await page.getByLabel("From").evaluate((select: HTMLSelectElement) => {
    const option = select.options[0];
    if (option) option.value = "acc_alice_checking";
  });
  await page.getByRole("button", { name: "Transfer" }).click();
  await expect(page.getByText("Choose one of your own accounts to send from.")).toBeVisible();
  await expect(page).toHaveURL(`${main}/transfer`);
  await expect(page.getByTestId("transfer-token")).toContainText("none");
});

test("an RFC 9470 challenge from the API leads through step-up back to the same pending transfer", async ({ page, idp, stack }) => {
  const { challenge } = stack;
  await page.goto(`${challenge}/transfer`);
  await idp.signIn(USERS.alice);
  await fillTransfer(page, "acc_bob_checking", "12.34", "Rent share");
  await submitAndVerify(page, idp, USERS.alice, "12.34", stack.profile, "Bob Smith");

  // Until the second factor is older than the API accepts for transfers: its auth_time, as the session panel shows it.
  const authTime = Date.parse((await page.getByTestId("claim-auth-time").locator("time").getAttribute("datetime")) ?? "") / 1000;
  await untilClockPasses(authTime + CHALLENGE_MAX_AGE + 1);
  await page.getByRole("button", { name: "Confirm transfer" }).click();

  // The API's challenge carried max_age, so the provider asks for everything again.
  await idp.signIn(USERS.alice);
  await idp.enterValidCode(USERS.alice);
  await expect(page.getByRole("heading", { name: "Confirm your transfer" })).toBeVisible();
  await expect(page.getByTestId("pending-amount")).toHaveText("12.34 USD");
  await page.getByRole("button", { name: "Confirm transfer" }).click();
  await expect(page.getByText("Transfer completed")).toBeVisible();
});

test("a form sent before the page's script has run still reaches its action (React's form post), and the transfer goes through", async ({
  page,
  idp,
  stack,
}) => {
  const { main } = stack;
  // The app's scripts never arrive, so nothing hydrates: the forms post as plain HTML forms, as they do when a
  // person clicks before hydration on a slow connection. Next's inline streaming scripts still show the content.
  await page.route("**/_next/static/chunks/**", (route) => route.abort());
  await page.goto(`${main}/transfer`);
  await idp.signIn(USERS.alice);
  await fillTransfer(page, "acc_bob_checking", "1.25", "No script");
  await page.getByRole("button", { name: "Transfer" }).click();
  await idp.enterValidCode(USERS.alice);
  await expect(page.getByRole("heading", { name: "Confirm your transfer" })).toBeVisible();
  await page.getByRole("button", { name: "Confirm transfer" }).click();
  await expect(page.getByText("Transfer completed")).toBeVisible();
});
