/**
 * Several instances, one database: two intranet instances (A, B) and two Accounts API instances (1, 2) on one
 * PostgreSQL database, as behind a load balancer. Cookies are not port-scoped, so the browser's localhost session
 * cookie from A is sent to B too, as one balanced origin would have it. Project `instances` (playwright.config.ts).
 */
import { randomUUID } from "node:crypto";
import type { APIRequestContext, Page } from "@playwright/test";
import pg from "pg";
import { REFUSAL_REASONS } from "../common/api-refusals";
import { transferDetails } from "../common/authorization-details";
import { DEV_DEFAULTS } from "../common/dev-defaults";
import { DEFAULT_API_AUDIENCE, DEFAULT_CLIENT_ID, SCOPES } from "../common/step-up";
import { EXAMPLE_URL, inCi } from "../testing/postgres-server";
import { scriptedLogin } from "../testing/scripted-login";
import { test as base, expect, type IdpPage, USERS } from "./fixtures";
import { type Instances, startInstances } from "./instances-topology";
import { streamRegistered } from "./ssf-streams";

const serverUrl = process.env.TEST_DATABASE_URL?.trim();
// The rule of testing/postgres-run.ts: skipped with a message outside CI, a failure under CI.
const SKIPPED = `Several-instances tests skipped: they need PostgreSQL; set TEST_DATABASE_URL (e.g. ${EXAMPLE_URL}) to run them`;
// The list reporter shows a skip without its reason, so the reason is also printed once the file loads.
if (!serverUrl && !inCi()) console.warn(SKIPPED);
base.skip(!serverUrl && !inCi(), SKIPPED);

const test = base.extend<object, { instances: Instances }>({
  instances: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern; it has none.
    async ({}, use) => {
      if (!serverUrl) throw new Error("CI=true but TEST_DATABASE_URL is not set: the several-instances tests cannot be skipped in CI.");
      const instances = await startInstances(serverUrl);
      try {
        await use(instances);
      } finally {
        await instances.stop();
      }
    },
    { scope: "worker", timeout: 180_000 },
  ],
});

const SESSION_COOKIE = "fabrikam_session";

/** What the instances wrote, read from their shared database. */
async function rows<R extends Record<string, unknown>>(instances: Instances, sql: string, params: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: instances.databaseUrl });
  await client.connect();
  try {
    return (await client.query<R>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** Signs alice in with her password on `app` (a real sign-in at the dev IdP) and returns the session cookie it set. */
async function signInOn(page: Page, idp: IdpPage, app: string): Promise<string> {
  await page.goto(`${app}/directory`);
  await idp.signIn(USERS.alice);
  await expect(page).toHaveURL(`${app}/directory`);
  await expect(page.getByRole("heading", { name: "Employee directory" })).toBeVisible();
  const cookie = (await page.context().cookies(app)).find((c) => c.name === SESSION_COOKIE);
  expect(cookie, "a session cookie after sign-in").toBeTruthy();
  return cookie?.value ?? "";
}

/** `app` serves /directory to this cookie alone (no redirects followed). */
async function expectServed(request: APIRequestContext, app: string, cookie: string) {
  const response = await request.get(`${app}/directory`, { headers: { cookie: `${SESSION_COOKIE}=${cookie}` }, maxRedirects: 0 });
  expect(response.status(), `${app} serves the session`).toBe(200);
  expect(await response.text()).toContain("Employee directory");
}

/** `app` refuses this cookie at once: the next page is a redirect to the sign-in, with none of its content. */
async function expectRefused(request: APIRequestContext, app: string, cookie: string) {
  const response = await request.get(`${app}/directory`, { headers: { cookie: `${SESSION_COOKIE}=${cookie}` }, maxRedirects: 0 });
  expect([303, 307], `${app} answers with a redirect`).toContain(response.status());
  expect(response.headers().location ?? "").toContain("/auth/login?returnTo=%2Fdirectory");
  expect(await response.text()).not.toContain("Employee directory");
}

/** How the newest intranet session ended, as the shared database says (each test signs in once, one at a time). */
async function newestSessionEnd(instances: Instances): Promise<string | null> {
  const [row] = await rows<{ end_reason: string | null }>(instances, "SELECT end_reason FROM intranet_sessions ORDER BY created_at DESC, sid LIMIT 1");
  return row?.end_reason ?? null;
}

test.describe("a session ended through either instance is refused by the other at once", () => {
  for (const [first, second] of [
    ["A", "B"],
    ["B", "A"],
  ] as const) {
    test(`signed in on ${first}, the cookie works on ${second}; signed out on ${second}, ${first} refuses it`, async ({ page, idp, request, instances }) => {
      const url = { A: instances.appA, B: instances.appB };
      const cookie = await signInOn(page, idp, url[first]);
      await expectServed(request, url[second], cookie);
      await page.goto(`${url[second]}/directory`);
      await expect(page.getByRole("heading", { name: "Employee directory" })).toBeVisible();

      await page.getByRole("button", { name: "Sign out" }).click();
      await expect(page.getByTestId("signed-out-notice")).toBeVisible();
      await expectRefused(request, url[first], cookie);
      await expectRefused(request, url[second], cookie);
      // Ended by the sign-out itself, not by the provider's back-channel logout token that follows it (sent to A).
      expect(await newestSessionEnd(instances)).toBe("signed_out");
    });
  }
});

// Each kind of event the provider pushes is one more test here: delivered to A alone, it must end the session on B.
test.describe("an event from the provider received by one instance takes effect on all", () => {
  test("a back-channel logout token delivered to A ends the session on B", async ({ page, idp, request, instances }) => {
    const cookie = await signInOn(page, idp, instances.appB);
    // The provider's own end-session page: it posts a logout token to its one back-channel URI, on instance A.
    await page.goto(`${instances.idp}/session/end`);
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await expect(page.getByRole("status")).toContainText("You have signed out");

    await expectRefused(request, instances.appB, cookie);
    expect(await newestSessionEnd(instances)).toBe("backchannel_logout");
    // The browser still holds the cookie; B sends it to the sign-in, which asks for the password again.
    await page.goto(`${instances.appB}/directory`);
    await idp.expectPasswordPage();
  });

  test("a CAEP session-revoked event pushed to A ends the session on B", async ({ page, idp, request, instances }) => {
    // Both instances give the provider one events URL, A's (SSF_EVENTS_URL), as behind a balancer.
    await streamRegistered(request, instances.idp, `${instances.appA}/auth/ssf/events`);
    const cookie = await signInOn(page, idp, instances.appB);
    await page.goto(`${instances.idp}/settings`);
    await idp.signInToAccountPage(USERS.alice);
    await page.getByRole("button", { name: "Sign out of every application" }).click();
    await expect(page.getByRole("alert")).toContainText("You have signed out of every application");

    await expectRefused(request, instances.appB, cookie);
    expect(await newestSessionEnd(instances)).toBe("caep_session_revoked");
  });
});

test.describe("a transfer token replayed to both APIs moves money exactly once", () => {
  const TRANSFER = { from: "acc_alice_checking", to: "acc_bob_checking", amount: "2.50" };

  /** A real transfer token for TRANSFER from the dev IdP: password, then a one-time code approving exactly it. */
  async function transferToken(instances: Instances): Promise<string> {
    const { tokens, pagesSeen } = await scriptedLogin({
      issuer: instances.idp,
      clientId: DEFAULT_CLIENT_ID,
      clientSecret: DEV_DEFAULTS.clientSecret,
      redirectUri: `${instances.appA}/auth/callback`,
      ...USERS.alice,
      scope: `openid ${SCOPES.transferFunds}`,
      resource: DEFAULT_API_AUDIENCE,
      authorizationDetails: [transferDetails(TRANSFER)],
    });
    expect(pagesSeen, "a step-up with a one-time code").toContain("otp");
    return tokens.access_token;
  }

  /** POST /transfers with `token`, each call under its own Idempotency-Key, as a replaying attacker would send it. */
  async function spend(api: string, token: string): Promise<{ status: number; reason: unknown }> {
    const response = await fetch(`${api}/transfers`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "idempotency-key": randomUUID() },
      body: JSON.stringify(TRANSFER),
    });
    const body = (await response.json()) as { reason?: unknown };
    return { status: response.status, reason: body.reason };
  }

  async function balances(instances: Instances): Promise<Record<string, number>> {
    const found = await rows<{ id: string; balance: string }>(instances, "SELECT id, balance FROM accounts WHERE id = ANY($1)", [[TRANSFER.from, TRANSFER.to]]);
    return Object.fromEntries(found.map((row) => [row.id, Number(row.balance)]));
  }

  const REPLAYED = { status: 401, reason: REFUSAL_REASONS.tokenReplayed };

  test("sent to API 1 and API 2 at once, then to each again: one 201, every other answer 'replayed', the ledger moved once", async ({ instances }) => {
    const token = await transferToken(instances);
    const before = await balances(instances);

    const concurrent = await Promise.all([spend(instances.api1, token), spend(instances.api2, token)]);
    expect(concurrent.map((answer) => answer.status).sort()).toEqual([201, 401]);
    expect(concurrent.find((answer) => answer.status === 401)).toEqual(REPLAYED);
    expect(await spend(instances.api1, token)).toEqual(REPLAYED);
    expect(await spend(instances.api2, token)).toEqual(REPLAYED);

    expect(await balances(instances)).toEqual({ [TRANSFER.from]: (before[TRANSFER.from] ?? 0) - 250, [TRANSFER.to]: (before[TRANSFER.to] ?? 0) + 250 });
    const spent = await rows(instances, "SELECT jti FROM used_tokens");
    expect(spent, "one spent token in the shared ledger").toHaveLength(1);
  });
});
