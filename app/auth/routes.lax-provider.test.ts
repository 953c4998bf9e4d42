/**
 * The callback against a provider that ignores MFA requests (the dev IdP with IDP_MFA_POLICY=off, standing in for
 * a misconfigured tenant): the intranet must notice, keep nothing it did not earn, and never loop.
 */

import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { transferDetails } from "@/common/authorization-details";
import { startAuthorization } from "@/lib/auth/authorize";
import { appCookies } from "@/lib/auth/cookies";
import { readSession } from "@/lib/auth/dal";
import type { CookieJar } from "@/testing/cookie-jar";
import { ALICE, signInAtIdp } from "@/testing/idp-sign-in";
import { APP_BASE_URL, IntranetBrowser, locationOf, startIdpForIntranet } from "@/testing/intranet-routes";
import type { RunningIdp } from "@/testing/start-idp";
import { GET as callback } from "./callback/route";
import { GET as login } from "./login/route";

const REDIRECT_URI = `${APP_BASE_URL}/auth/callback`;
let idp: RunningIdp;
before(async () => {
  idp = await startIdpForIntranet({ IDP_MFA_POLICY: "off" });
});
after(async () => {
  await idp?.stop();
});

const browser = new IntranetBrowser();
let idpCookies: CookieJar = [];
const session = () => readSession({ get: (name) => (browser.cookie(name) === undefined ? undefined : { value: browser.cookie(name) ?? "" }) });

async function visit(returnTo: string): Promise<URL> {
  const started = await browser.call(login, `/auth/login?returnTo=${encodeURIComponent(returnTo)}`);
  const atIdp = await signInAtIdp(locationOf(started), REDIRECT_URI, ALICE, { cookies: idpCookies });
  idpCookies = atIdp.cookies;
  return locationOf(await browser.call(callback, atIdp.callbackUrl));
}

it("a step-up the provider ignored ends on mfa_not_performed, not back at the provider, and the session says how it really is", async () => {
  await visit("/");
  const destination = await visit("/salary");
  assert.equal(destination.href, `${APP_BASE_URL}/auth/error?code=mfa_not_performed`);
  const current = await session();
  assert.ok(current);
  assert.deepEqual(current.amr, ["pwd"]);
});

/** The step-up the transfer action starts (the spending policy), through the IdP and the callback route. */
async function transferStepUp(): Promise<URL> {
  const transfer = transferDetails({ from: "acc_alice_checking", to: "acc_bob_checking", amount: "1.00" });
  const { url, transaction } = await startAuthorization("/transfer/confirm", await session(), { transfer });
  browser.cookies.push({ name: appCookies(false).loginTransaction(transaction.state).name, value: transaction.sealed, path: "/" });
  const atIdp = await signInAtIdp(url, REDIRECT_URI, ALICE, { cookies: idpCookies });
  idpCookies = atIdp.cookies;
  return locationOf(await browser.call(callback, atIdp.callbackUrl));
}

it("a transfer token obtained without the second factor asked for is not kept", async () => {
  await visit("/");
  const destination = await transferStepUp();
  assert.equal(destination.href, `${APP_BASE_URL}/auth/error?code=mfa_not_performed`);
  const current = await session();
  assert.ok(current);
  assert.equal(current.transferToken, undefined);
  assert.ok(current.accessToken, "the everyday read token of the same user is kept");
});
