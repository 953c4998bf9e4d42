/**
 * Dynamic linking against the real IdP: every second-factor page, and the Fabrikam Verify card, says which transfer
 * it approves, naming the account owners from a directory (a small server standing in for the Accounts API, which
 * checks the IdP's client-credentials token), or the account ids alone when the directory cannot say.
 */
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { type TransferDetails, transferDetails } from "../common/authorization-details";
import { DEFAULT_API_AUDIENCE, DEFAULT_CLIENT_ID } from "../common/step-up";
import { IdpBrowser } from "../testing/idp-browser";
import { ALICE, currentTotp } from "../testing/idp-sign-in";
import { type RunningIdp, startIdp } from "../testing/start-idp";

const APP_ORIGIN = "http://localhost:3999";
const REDIRECT_URI = `${APP_ORIGIN}/auth/callback`;

const DIRECTORY: Record<string, { name: string; ownerName: string; ownerNameVerified: boolean }> = {
  acc_alice_checking: { name: "Everyday checking", ownerName: "Alice Smith", ownerNameVerified: true },
  acc_bob_checking: { name: "Checking", ownerName: "Bob Jones", ownerNameVerified: true },
  acc_mallory: { name: "<b>Savings</b>", ownerName: `<script>alert("x")</script> & Co`, ownerNameVerified: false },
};

const approvalOn = (html: string) => /data-testid="approval-details">([^<]*)</.exec(html)?.[1];
const numberOn = (html: string) => /Number to match: <strong>(\d\d)<\/strong>/.exec(html)?.[1];

/** A stand-in for the Accounts API's directory that answers only a valid directory:read token from `issuer()`. */
async function startDirectory(issuer: () => string) {
  const seen: { scope: unknown; clientId: unknown }[] = [];
  const refused: string[] = [];
  let jwks: ReturnType<typeof createRemoteJWKSet> | undefined;
  const server: Server = createServer(async (req, res) => {
    const match = /^\/directory\/accounts\/([^/]+)$/.exec(req.url ?? "");
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    if (req.method !== "GET" || !match || !bearer) return void res.writeHead(400).end();
    try {
      jwks ??= createRemoteJWKSet(new URL(`${issuer()}/jwks`));
      const { payload } = await jwtVerify(bearer, jwks, { issuer: issuer(), audience: DEFAULT_API_AUDIENCE, typ: "at+jwt" });
      if (payload.scope !== "directory:read" || payload.client_id !== "fabrikam-idp") throw new Error(`wrong token ${JSON.stringify(payload)}`);
      seen.push({ scope: payload.scope, clientId: payload.client_id });
    } catch (error) {
      refused.push(String(error));
      return void res.writeHead(401).end();
    }
    const id = decodeURIComponent(match[1] ?? "");
    const entry = DIRECTORY[id];
    if (!entry) return void res.writeHead(404, { "content-type": "application/json" }).end('{"error":"not_found"}');
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ id, ...entry }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, refused, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A new browser past the password of a sign-in for `transfer`, on its code page. */
async function atCodePage(idp: RunningIdp, transfer: TransferDetails) {
  const browser = new IdpBrowser(idp.issuer);
  const interaction = await browser.startSignIn({ clientId: DEFAULT_CLIENT_ID, redirectUri: REDIRECT_URI, authorizationDetails: [transfer] });
  assert.equal((await browser.send(`${interaction}/login`, { username: ALICE.username, password: ALICE.password })).status, 303);
  const page = await browser.send(interaction);
  assert.match(page.html, /action="\/interaction\/[^"]+\/otp"/, "the code page is shown");
  return { browser, interaction, page };
}

describe("the approval pages name the transfer", () => {
  let idp: RunningIdp;
  let deadDirectory: RunningIdp;
  let directory: Awaited<ReturnType<typeof startDirectory>>;
  before(async () => {
    directory = await startDirectory(() => idp.issuer);
    // A port that was just free and is closed again: nothing answers there.
    const closed = await startDirectory(() => "");
    await closed.stop();
    const env = { IDP_APP_ORIGINS: APP_ORIGIN, IDP_TEST_ALLOW_OTP_REUSE: "1" };
    [idp, deadDirectory] = await Promise.all([
      startIdp({ env: { ...env, IDP_DIRECTORY_URL: directory.url } }),
      startIdp({ env: { ...env, IDP_DIRECTORY_URL: closed.url } }),
    ]);
  });
  after(() => Promise.all([idp?.stop(), deadDirectory?.stop(), directory?.stop()]));

  it("the code page shows the amount, both accounts and their owners, read with a valid directory:read token", async () => {
    const transfer = transferDetails({ from: "acc_alice_checking", to: "acc_bob_checking", amount: "3.2" });
    const { page } = await atCodePage(idp, transfer);
    assert.equal(approvalOn(page.html), "Send $3.20 from Alice Smith&#39;s Everyday checking (acc_alice_checking) to Bob Jones (Checking, acc_bob_checking)");
    assert.match(page.html, /approve the transfer shown here/, idp.output());
    assert.deepEqual(directory.refused, []);
    assert.ok(directory.seen.length >= 2, "the directory was asked");
    assert.ok(directory.seen.every((token) => token.scope === "directory:read" && token.clientId === "fabrikam-idp"));
  });

  it("an unknown account is shown by its id, with no name; an unverified name says so, escaped", async () => {
    const { page } = await atCodePage(idp, transferDetails({ from: "acc_nobody", to: "acc_mallory", amount: "10" }));
    const text = approvalOn(page.html) ?? "";
    assert.match(text, /^Send \$10\.00 from account acc_nobody \(name not found in the Fabrikam directory\) to /);
    assert.ok(text.includes("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co (&lt;b&gt;Savings&lt;/b&gt;, acc_mallory)"), text);
    assert.ok(text.endsWith("(name given by the account holder, not verified)"));
    assert.ok(!page.html.includes("<script>alert"), "nothing from the directory is markup");
  });

  it("with the directory down, the page still shows the ids and the amount, quickly", async () => {
    const started = Date.now();
    const { page } = await atCodePage(deadDirectory, transferDetails({ from: "acc_alice_checking", to: "acc_bob_checking", amount: "3.21" }));
    assert.equal(
      approvalOn(page.html),
      "Send $3.21 from account acc_alice_checking (name not found in the Fabrikam directory) to account acc_bob_checking (name not found in the Fabrikam directory)",
    );
    assert.ok(Date.now() - started < 10_000);
  });

  it("the passkey page shows the transfer too", async () => {
    const { browser, interaction } = await atCodePage(idp, transferDetails({ from: "acc_alice_checking", to: "acc_bob_checking", amount: "3.21" }));
    const passkey = await browser.send(`${interaction}/passkey`);
    assert.equal(passkey.status, 200);
    assert.match(approvalOn(passkey.html) ?? "", /^Send \$3\.21 from Alice Smith/);
  });

  it("a push request shows its transfer on the waiting page and the device, and its approval completes only its own sign-in", async () => {
    const phone = new IdpBrowser(idp.issuer);
    assert.equal((await phone.send("/account/login", { next: "/device", ...ALICE, code: currentTotp(ALICE.totpSecret) })).status, 303);
    const sendPush = async (amount: string) => {
      const signIn = await atCodePage(idp, transferDetails({ from: "acc_alice_checking", to: "acc_bob_checking", amount }));
      const waiting = await signIn.browser.follow((await signIn.browser.send(`${signIn.interaction}/push`, {})).location);
      return { ...signIn, waiting };
    };
    const small = await sendPush("3.21");
    const large = await sendPush("999.00");
    assert.match(approvalOn(small.waiting.html) ?? "", /^Send \$3\.21 /);
    assert.match(approvalOn(large.waiting.html) ?? "", /^Send \$999\.00 /);

    const device = (await phone.send("/device")).html;
    const cards = [...device.matchAll(/<li class="request" data-request-id="([^"]+)">([\s\S]*?)<\/li>/g)].map((m) => ({
      id: m[1] ?? "",
      text: approvalOn(m[2] ?? ""),
    }));
    const smallCard = cards.find((card) => card.text?.startsWith("Send $3.21 "));
    assert.ok(smallCard, "the device card names the transfer");
    assert.ok(cards.some((card) => card.text?.startsWith("Send $999.00 ")));

    assert.equal(
      (await phone.send(`/device/requests/${smallCard.id}/approve`, { number: numberOn(small.waiting.html) ?? "" })).location,
      "/device?done=approved",
    );
    const notYet = await large.browser.send(`${large.interaction}/push/complete`, {});
    assert.equal(notYet.status, 409, "the other transfer's sign-in is still waiting");
    const done = await small.browser.send(`${small.interaction}/push/complete`, {});
    assert.equal(done.status, 303);
    assert.equal(new URL(done.location, idp.issuer).pathname, `/auth/${small.interaction.split("/").pop()}`);
  });
});
