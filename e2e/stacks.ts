/**
 * The servers the e2e suite runs, on ports of their own so a running `npm run dev` is left alone.
 * Per imitated provider profile (the dev IdP's IDP_PROFILE, the app's OIDC_PROFILE, the API's API_PROFILE):
 * main: the demo as shipped. challenge: an API demanding a second factor younger than a few seconds, to force
 * RFC 9470 challenges. auth0 also has lax: an IdP that ignores MFA requests (a misconfigured tenant).
 */
// E2E_PORT_OFFSET lets two checkouts run their suites side by side: the apps use 33xx and the IdPs and APIs 43xx,
// so an offset must be a multiple of 100 below 1000 (1000 would put the apps on the other run's 43xx).
export const offset = Number(process.env.E2E_PORT_OFFSET ?? 0);
if (!Number.isInteger(offset) || offset < 0 || offset >= 1000 || offset % 100 !== 0) {
  throw new Error(`E2E_PORT_OFFSET must be 0, 100, 200, … 900; got ${process.env.E2E_PORT_OFFSET}`);
}

export const STACKS = {
  main: { app: 3300 + offset, idp: 4300 + offset, api: 4301 + offset },
  lax: { app: 3310 + offset, idp: 4310 + offset, api: 4301 + offset },
  challenge: { app: 3320 + offset, idp: 4300 + offset, api: 4321 + offset },
  keycloakMain: { app: 3330 + offset, idp: 4330 + offset, api: 4331 + offset },
  keycloakChallenge: { app: 3340 + offset, idp: 4330 + offset, api: 4341 + offset },
} as const;

/**
 * IdPs that keep RFC 6238 §5.2 as shipped: each one-time code is accepted once. The Keycloak stack serves only the
 * step-up specs, the tests about codes; the other IdPs run with the test-only IDP_TEST_ALLOW_OTP_REUSE=1, because
 * their tests are about pages, push, passkeys and sessions, and a spent code would make each next sign-in of the
 * same user wait for a new 30-second window.
 */
export const SINGLE_USE_CODE_IDPS: ReadonlySet<number> = new Set([STACKS.keycloakMain.idp]);

/** The provider profiles the suite runs against; each is a Playwright project. */
export type E2eProfile = "auth0" | "keycloak";

/** Which stacks serve each profile's flows. */
export const PROFILE_STACKS: Record<E2eProfile, { main: keyof typeof STACKS; challenge: keyof typeof STACKS }> = {
  auth0: { main: "main", challenge: "challenge" },
  keycloak: { main: "keycloakMain", challenge: "keycloakChallenge" },
};

/** What the session panel shows after MFA, in each profile's vocabulary. */
export const MFA_CLAIMS: Record<E2eProfile, { acr: string; amr: string }> = {
  auth0: { acr: "http://schemas.openid.net/pape/policies/2007/06/multi-factor", amr: '"mfa"' },
  keycloak: { acr: "2", amr: '"otp"' },
};

/** Seconds a transfer's second factor stays fresh on the challenge stack's API. */
export const CHALLENGE_MAX_AGE = 6;

export const appUrl = (stack: keyof typeof STACKS) => `http://localhost:${STACKS[stack].app}`;
