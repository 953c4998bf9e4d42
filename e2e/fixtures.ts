import { expect, test as base, type BrowserContext, type Page } from "@playwright/test";
import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TOTP } from "otpauth";
import { appUrl, MFA_CLAIMS, PROFILE_STACKS, STACKS, type E2eProfile } from "./stacks";

export const USERS = {
  alice: { username: "alice", password: "fabrikam-alice", totpSecret: "JBSWY3DPEHPK3PXP", name: "Alice Johnson" },
  bob: { username: "bob", password: "fabrikam-bob", totpSecret: "GEZDGNBVGY3TQOJQ", name: "Bob Smith" },
} as const;
export type DemoUser = (typeof USERS)[keyof typeof USERS];

/** The identity provider's pages, as a person uses them. */
export class IdpPage {
  constructor(readonly page: Page) {}

  async expectPasswordPage() {
    await expect(this.page.getByLabel("Password")).toBeVisible();
  }

  async signIn(user: DemoUser) {
    await this.expectPasswordPage();
    await this.page.getByLabel("Username").fill(user.username);
    await this.page.getByLabel("Password").fill(user.password);
    await this.page.getByRole("button", { name: "Continue" }).click();
  }

  async expectCodePage() {
    await expect(this.page.getByLabel("One-time code")).toBeVisible();
  }

  async enterCode(code: string) {
    await this.expectCodePage();
    await this.page.getByLabel("One-time code").fill(code);
    await this.page.getByRole("button", { name: "Verify" }).click();
  }

  /** Types the current code; when an earlier test already spent this 30 s window's code, waits for the next. */
  async enterValidCode(user: DemoUser) {
    await this.enterCode(await freshCode(user));
  }

  /** The number the push waiting page shows, to type on the device page (number matching). */
  async numberToMatch(): Promise<string> {
    const text = await this.page.getByText("Number to match:").textContent();
    const number = /\d+/.exec(text ?? "")?.[0];
    if (!number) throw new Error(`no number on the waiting page: ${text}`);
    return number;
  }

  /** Signs in on the account pages' form (Fabrikam Verify, passkey settings): password and a code never used before. */
  async signInToAccountPage(user: DemoUser) {
    await expect(this.page.getByLabel("One-time code")).toBeVisible();
    await this.page.getByLabel("Username").fill(user.username);
    await this.page.getByLabel("Password").fill(user.password);
    await this.page.getByLabel("One-time code").fill(await freshCode(user));
    await this.page.getByRole("button", { name: "Sign in" }).click();
  }
}

/** The demo stack's IdP, where Fabrikam Verify and the passkey settings live. */
export const IDP_URL = `http://localhost:${STACKS.main.idp}`;

/** Fabrikam Verify, the push-approval "phone app", in a browser page of its own. */
export class VerifyDevice {
  constructor(readonly page: Page) {}

  /** Opens it in a new page of `context` (after `prepare`, e.g. a viewport or colour scheme), signed in, with a request waiting. */
  static async open(context: BrowserContext, user: DemoUser, prepare?: (page: Page) => Promise<void>): Promise<VerifyDevice> {
    const page = await context.newPage();
    await prepare?.(page);
    await page.goto(`${IDP_URL}/device`);
    await new IdpPage(page).signInToAccountPage(user);
    await expect(page.getByRole("button", { name: "Approve" })).toBeVisible();
    return new VerifyDevice(page);
  }

  /** Types the number the sign-in page shows and approves. */
  async approve(number: string) {
    await this.page.getByLabel("Number shown on the sign-in screen").fill(number);
    await this.page.getByRole("button", { name: "Approve" }).click();
  }
}

const PERIOD_MS = 30_000;
// The IdP accepts each code once (RFC 6238 §5.2). Tests run one at a time (workers: 1), but a failed test restarts
// the worker, so the last used step per user lives in a file rather than in module state.
const STEPS_FILE = join(tmpdir(), `fabrikam-e2e-otp-steps-${process.env.E2E_PORT_OFFSET ?? 0}.json`);

function readSteps(): Record<string, number> {
  try {
    return JSON.parse(readFileSync(STEPS_FILE, "utf8")) as Record<string, number>;
  } catch {
    return {};
  }
}

async function nextUnusedStep(user: DemoUser): Promise<number> {
  let step = Math.floor(Date.now() / PERIOD_MS);
  const steps = readSteps();
  const last = steps[user.username];
  if (last !== undefined && step <= last) {
    // Waiting for the clock, not for the app: there is nothing on a page to poll.
    await new Promise((resolve) => setTimeout(resolve, (last + 1) * PERIOD_MS - Date.now() + 250));
    step = Math.floor(Date.now() / PERIOD_MS);
  }
  writeFileSync(STEPS_FILE, JSON.stringify({ ...steps, [user.username]: step }));
  return step;
}

/** The code of a time step no earlier test has spent (the account pages and the sign-in pages share one record). */
async function freshCode(user: DemoUser): Promise<string> {
  const step = await nextUnusedStep(user);
  return new TOTP({ secret: user.totpSecret, digits: 6, period: 30 }).generate({ timestamp: step * PERIOD_MS });
}

/** The stack a test talks to, for the project's provider profile. */
export interface ProfileStack {
  readonly profile: E2eProfile;
  /** Base URL of the demo app. */
  readonly main: string;
  /** Base URL of the app whose API challenges stale second factors (RFC 9470). */
  readonly challenge: string;
  /** What the session panel shows after MFA in this profile's vocabulary. */
  readonly mfaClaims: { readonly acr: string; readonly amr: string };
}

export const test = base.extend<{ idp: IdpPage; stack: ProfileStack }, { profile: E2eProfile }>({
  // Set per project in playwright.config.ts.
  profile: ["auth0", { option: true, scope: "worker" }],
  idp: async ({ page }, use) => {
    await use(new IdpPage(page));
  },
  stack: async ({ profile }, use) => {
    const stacks = PROFILE_STACKS[profile];
    await use({ profile, main: appUrl(stacks.main), challenge: appUrl(stacks.challenge), mfaClaims: MFA_CLAIMS[profile] });
  },
});

export { expect };
