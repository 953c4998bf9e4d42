/**
 * The servers the e2e suite runs, on ports of their own so a running `npm run dev` is left alone.
 * main: the demo as shipped. lax: an IdP that ignores MFA requests (a misconfigured tenant).
 * challenge: an API demanding a second factor younger than a few seconds, to force RFC 9470 challenges.
 */
// E2E_PORT_OFFSET lets two checkouts run their suites side by side.
const offset = Number(process.env.E2E_PORT_OFFSET ?? 0);

export const STACKS = {
  main: { app: 3300 + offset, idp: 4300 + offset, api: 4301 + offset },
  lax: { app: 3310 + offset, idp: 4310 + offset, api: 4301 + offset },
  challenge: { app: 3320 + offset, idp: 4300 + offset, api: 4321 + offset },
} as const;

/** Seconds a transfer's second factor stays fresh on the challenge stack's API. */
export const CHALLENGE_MAX_AGE = 6;

export const appUrl = (stack: keyof typeof STACKS) => `http://localhost:${STACKS[stack].app}`;
