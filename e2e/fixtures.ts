import { expect, test as base, type Page } from "@playwright/test";
import { TOTP } from "otpauth";
import { appUrl, MFA_CLAIMS, PROFILE_STACKS, type E2eProfile } from "./stacks";

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

  async enterValidCode(user: DemoUser) {
    await this.enterCode(new TOTP({ secret: user.totpSecret, digits: 6, period: 30 }).generate());
  }
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
