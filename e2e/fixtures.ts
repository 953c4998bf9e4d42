import { type BrowserContext, test as base, type CDPSession, expect, type Page } from "@playwright/test";
import { TOTP } from "otpauth";
import { untilClockPasses } from "../testing/clock";
import { nextUnspentStep, stepAt, TOTP_PERIOD_MS } from "../testing/totp-steps";
import { lastSpentStep, recordSpentStep } from "./spent-codes";
import { appUrl, type E2eProfile, MFA_CLAIMS, PROFILE_STACKS, SINGLE_USE_CODE_IDPS, STACKS } from "./stacks";

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

  /** Types a code the IdP accepts (on an IdP with single-use codes, one no earlier sign-in has spent). */
  async enterValidCode(user: DemoUser) {
    await this.expectCodePage();
    await this.enterCode(await codeFor(user, this.page));
  }

  /** The number the push waiting page shows, to type on the device page (number matching). */
  async numberToMatch(): Promise<string> {
    const text = await this.page.getByText("Number to match:").textContent();
    const number = /\d+/.exec(text ?? "")?.[0];
    if (!number) throw new Error(`no number on the waiting page: ${text}`);
    return number;
  }

  /** Signs in on the account pages' form (Fabrikam Verify, passkey settings): password and a code the IdP accepts. */
  async signInToAccountPage(user: DemoUser) {
    await expect(this.page.getByLabel("One-time code")).toBeVisible();
    await this.page.getByLabel("Username").fill(user.username);
    await this.page.getByLabel("Password").fill(user.password);
    await this.page.getByLabel("One-time code").fill(await codeFor(user, this.page));
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

  /** Denies the request, and waits until the page says so. */
  async deny() {
    await this.page.getByRole("button", { name: "Deny" }).click();
    await expect(this.page.getByRole("status")).toContainText("Denied");
  }
}

/** How long a chosen code must stay acceptable: the time to type it and for the IdP to check it, under load. */
const MARGIN_MS = 10_000;

function codeOf(user: DemoUser, step: number): string {
  return new TOTP({ secret: user.totpSecret, digits: 6, period: 30 }).generate({ timestamp: step * TOTP_PERIOD_MS });
}

/**
 * A code an IdP that keeps codes single-use has not taken yet: usually the step before the current one, the current
 * one or the next (three sign-ins in a row need no wait); when all three are spent, it waits for the clock.
 */
async function unspentCode(user: DemoUser, idpPort: number): Promise<string> {
  const { step, readyAtMs } = nextUnspentStep(lastSpentStep(idpPort, user.username), Date.now(), MARGIN_MS);
  await untilClockPasses(readyAtMs / 1000);
  recordSpentStep(idpPort, user.username, step);
  return codeOf(user, step);
}

/** A code the IdP serving `page` accepts now: any current one, or where codes are single-use, one never used before. */
async function codeFor(user: DemoUser, page: Page): Promise<string> {
  const idpPort = Number(new URL(page.url()).port);
  return SINGLE_USE_CODE_IDPS.has(idpPort) ? unspentCode(user, idpPort) : codeOf(user, stepAt(Date.now()));
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

/** Chromium's virtual authenticator: a platform passkey that verifies the user without a prompt. */
export async function addVirtualAuthenticator(page: Page): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return cdp;
}
