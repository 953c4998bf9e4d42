/**
 * The servers the e2e suite runs, on ports of their own so a running `npm run dev` is left alone.
 * main: the demo as shipped. lax: an IdP that ignores MFA requests (a misconfigured tenant).
 * challenge: an API demanding a second factor younger than a few seconds, to force RFC 9470 challenges.
 */
export const STACKS = {
  main: { app: 3300, idp: 4300, api: 4301 },
  lax: { app: 3310, idp: 4310, api: 4301 },
  challenge: { app: 3320, idp: 4300, api: 4321 },
} as const;

/** Seconds a transfer's second factor stays fresh on the challenge stack's API. */
export const CHALLENGE_MAX_AGE = 6;

export const appUrl = (stack: keyof typeof STACKS) => `http://localhost:${STACKS[stack].app}`;
