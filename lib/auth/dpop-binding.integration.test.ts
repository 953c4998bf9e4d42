/**
 * DPoP in the app, proven end to end (RFC 9449): a transfer token obtained from the REAL dev IdP through the app's
 * own code exchange with the app's DPoP key is bound to that key, and the API call the app makes carries a proof
 * that verifies. A silent fallback to Bearer anywhere on the way fails here.
 *
 * This test imports the Accounts API (api/server.ts) to run it in-process, which only a test file may do: the
 * intranet and the API otherwise talk over HTTP alone.
 */
import assert from "node:assert/strict";
import { createHash, randomUUID } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { calculateJwkThumbprint, decodeJwt, EmbeddedJWK, exportJWK, jwtVerify } from "jose";
import * as oidc from "openid-client";
import { PROFILES } from "@/common/profiles";
import { ACR_MFA, DEFAULT_API_AUDIENCE, DEFAULT_CLIENT_ID, SCOPES } from "@/common/step-up";
import { openAppDatabase, type AppDatabase } from "@/lib/db/database";
import { silentLogger } from "@/api/http/logger";
import { startApi, type RunningApi } from "@/api/server";
import { scriptedLogin } from "@/testing/scripted-login";
import { startIdp, type RunningIdp } from "@/testing/start-idp";
import { discoverProvider, exchangeCode, type CodeExchangeTokens } from "./code-exchange";
import { DpopKeyring } from "./dpop-keyring";
import { bindingOptions, proofOptions } from "./dpop-options";
import type { StoredToken } from "./session";
import { storedToken } from "./stored-token";

const CLIENT_SECRET = "fabrikam-intranet-dev-secret";
const SECRET = "test-session-secret-0123456789-abcdefghijklmnop";
const TRANSFER = { from: "acc_alice_checking", to: "acc_bob_checking", amount: "1.00" };

/** A stand-in for the API that keeps what each request carried and answers like a created transfer. */
async function startRecorder(): Promise<{ url: string; requests: IncomingHttpHeaders[]; server: Server }> {
  const requests: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    requests.push(req.headers);
    req.resume();
    req.on("end", () => res.writeHead(201, { "content-type": "application/json" }).end("{}"));
  });
  await new Promise<void>((resolve) => server.listen(0, "localhost", resolve));
  return { url: `http://localhost:${(server.address() as AddressInfo).port}`, requests, server };
}

describe("the app's transfer token is DPoP-bound to the app's key and proven on the API call", () => {
  let idp: RunningIdp;
  let api: RunningApi;
  let db: AppDatabase;
  let recorder: Awaited<ReturnType<typeof startRecorder>>;
  let keyring: DpopKeyring;
  let configuration: oidc.Configuration;
  let apiConfiguration: oidc.Configuration;

  before(async () => {
    // Each test signs in with a second factor; the IdP's tests-only switch lets both use the code of one 30 s window.
    idp = await startIdp({ env: { IDP_TEST_ALLOW_OTP_REUSE: "1" } });
    db = await openAppDatabase({ dataDir: "memory://" });
    keyring = new DpopKeyring(async () => db, { secret: SECRET, maxAge: 7 * 86_400 });
    configuration = await discoverProvider({ issuer: idp.issuer, clientId: DEFAULT_CLIENT_ID, clientSecret: CLIENT_SECRET });
    // As lib/fabrikam/client.ts builds it: the provider's metadata, plain http allowed for this machine only.
    apiConfiguration = new oidc.Configuration(configuration.serverMetadata(), DEFAULT_CLIENT_ID);
    oidc.allowInsecureRequests(apiConfiguration);
    api = await startApi(
      { port: 0, issuer: idp.issuer, audience: DEFAULT_API_AUDIENCE, databaseUrl: undefined, dataDir: "memory://", transferMaxAge: 300, profile: PROFILES.auth0, provisionDemoAccounts: false },
      { log: silentLogger },
    );
    recorder = await startRecorder();
  });
  after(async () => {
    await new Promise<void>((resolve) => recorder?.server.close(() => resolve()));
    await api?.stop();
    await db?.close();
    await idp?.stop();
  });

  /** A transfer step-up at the real IdP, the code redeemed by the app's exchangeCode with the app's binding. */
  async function transferToken(): Promise<{ tokens: CodeExchangeTokens; stored: StoredToken }> {
    const binding = await bindingOptions(keyring, configuration);
    const { tokens } = await scriptedLogin({
      issuer: idp.issuer,
      clientId: DEFAULT_CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      redirectUri: "http://localhost:3000/auth/callback",
      username: "alice",
      password: "fabrikam-alice",
      totpSecret: "JBSWY3DPEHPK3PXP",
      scope: `openid ${SCOPES.transferFunds}`,
      resource: DEFAULT_API_AUDIENCE,
      acrValues: ACR_MFA,
      redeem: (callbackUrl, request) => exchangeCode(configuration, callbackUrl, request, binding.options),
    });
    const stored = storedToken(tokens.access_token, tokens.expiresIn(), tokens.scope ?? "", Math.floor(Date.now() / 1000), tokens.token_type, binding.jkt);
    return { tokens, stored };
  }

  const post = async (url: string, token: StoredToken) =>
    oidc.fetchProtectedResource(
      apiConfiguration,
      token.value,
      new URL(`${url}/transfers`),
      "POST",
      JSON.stringify(TRANSFER),
      new Headers({ "content-type": "application/json", "idempotency-key": randomUUID() }),
      await proofOptions(keyring, apiConfiguration, token),
    );

  it("binds the token to the app's key (token_type DPoP, cnf.jkt = RFC 7638 thumbprint) and proves it on the API call", async () => {
    const { tokens, stored } = await transferToken();
    assert.equal(tokens.token_type, "dpop", "the token endpoint answered a Bearer token: the DPoP proof did not reach it");
    const appKey = (await keyring.current()).keyPair.publicKey;
    const thumbprint = await calculateJwkThumbprint(await exportJWK(appKey));
    const cnf = decodeJwt(tokens.access_token).cnf as { jkt?: unknown } | undefined;
    assert.equal(cnf?.jkt, thumbprint, "the access token is not bound to the app's key");
    assert.deepEqual({ dpop: stored.dpop, jkt: stored.jkt }, { dpop: true, jkt: thumbprint }, "the session would keep it as a Bearer token");

    // The call the app makes: scheme DPoP and a proof for exactly this request and this token.
    const response = await post(recorder.url, stored);
    assert.equal(response.status, 201);
    const sent = recorder.requests.at(-1);
    assert.equal(sent?.authorization, `DPoP ${stored.value}`);
    assert.equal(typeof sent?.dpop, "string", "no DPoP proof header");
    const proof = await jwtVerify(String(sent?.dpop), EmbeddedJWK, { typ: "dpop+jwt", algorithms: ["ES256"] });
    assert.equal(proof.payload.htm, "POST");
    assert.equal(proof.payload.htu, `${recorder.url}/transfers`);
    assert.equal(proof.payload.ath, createHash("sha256").update(stored.value).digest("base64url"));
    assert.equal(typeof proof.payload.jti, "string");
    assert.ok(Math.abs(Number(proof.payload.iat) - Date.now() / 1000) < 60);
    assert.equal(await calculateJwkThumbprint(proof.protectedHeader.jwk ?? {}), cnf?.jkt);
  });

  it("the real Accounts API refuses that token as Bearer and moves the money once with the app's proof", async () => {
    const { stored } = await transferToken();
    const balance = async () => Number((await api.db.query("SELECT balance FROM accounts WHERE id = $1", [TRANSFER.from])).rows[0]?.balance);
    const before = await balance();
    const asBearer = await fetch(`${api.url}/transfers`, {
      method: "POST",
      headers: { authorization: `Bearer ${stored.value}`, "content-type": "application/json", "idempotency-key": randomUUID() },
      body: JSON.stringify(TRANSFER),
    });
    assert.equal(asBearer.status, 401);
    assert.equal(await balance(), before);

    const response = await post(api.url, stored);
    assert.equal(response.status, 201, await response.clone().text());
    assert.equal(await balance(), before - 100);
  });
});
