/**
 * DPoP in the app, proven end to end (RFC 9449), through the app's own code: startAuthorization and
 * completeAuthorization obtain a transfer token from the REAL dev IdP with the app's DPoP key, and createTransfer
 * (lib/fabrikam/client.ts) spends it at the real Accounts API. The token must be bound to the app's key and the API
 * call must carry a proof that verifies, so a silent fallback to Bearer anywhere on the way fails here.
 *
 * This test imports the Accounts API (api/server.ts) to run it in-process, which only a test file may do: the
 * intranet and the API otherwise talk over HTTP alone.
 */
import assert from "node:assert/strict";
import { createHash, randomUUID } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { after, before, describe, it } from "node:test";
import { calculateJwkThumbprint, decodeJwt, EmbeddedJWK, exportJWK, jwtVerify } from "jose";
import { silentLogger } from "@/api/http/logger";
import { type RunningApi, startApi } from "@/api/server";
import { testApiConfig } from "@/api/test-support/test-config";
import { transferDetails } from "@/common/authorization-details";
import { config } from "@/lib/config";
import { appDb } from "@/lib/db/app-db";
import { createTransfer } from "@/lib/fabrikam/client";
import type { FabrikamApiError } from "@/lib/fabrikam/errors";
import type { CookieJar } from "@/testing/cookie-jar";
import { ALICE, signInAtIdp } from "@/testing/idp-sign-in";
import { APP_BASE_URL, startIdpForIntranet } from "@/testing/intranet-routes";
import type { RunningIdp } from "@/testing/start-idp";
import { completeAuthorization, startAuthorization } from "./authorize";
import { currentDpopKey } from "./dpop-key-store";
import { unsealLoginTransaction } from "./login-state";
import type { Session } from "./session";

const TRANSFER = { from: "acc_alice_checking", to: "acc_bob_checking", amount: "1.00", memo: undefined };

describe("the app's transfer token is DPoP-bound to the app's key and proven on the API call", () => {
  let idp: RunningIdp;
  let api: RunningApi;
  const sentToApi: IncomingHttpHeaders[] = [];

  before(async () => {
    idp = await startIdpForIntranet();
    api = await startApi(testApiConfig(idp.issuer), { log: silentLogger });
    // What the app sent, seen by the API's own server before its handler runs.
    api.server.prependListener("request", (request) => sentToApi.push(request.headers));
    // Before the app first reads its configuration (once per process).
    process.env.FABRIKAM_API_URL = api.url;
  });
  after(async () => {
    await api?.stop();
    await idp?.stop();
  });

  /** One round trip as the login route and the callback make it: the app's request, the person at the IdP, the app's callback. */
  async function authorize(returnTo: string, previous: Session | undefined, idpCookies: CookieJar) {
    // The transfer form's action steps up with the spending policy; pages step up with their own.
    const { url, transaction } = await startAuthorization(returnTo, previous, returnTo === "/transfer/confirm" ? { transfer: transferDetails(TRANSFER) } : {});
    const atIdp = await signInAtIdp(url, `${APP_BASE_URL}/auth/callback`, ALICE, { cookies: idpCookies });
    const txn = await unsealLoginTransaction(transaction.sealed, transaction.state, config().sessionSecret);
    assert.ok(txn);
    const { session, shortfall, transferTokenValue } = await completeAuthorization(atIdp.callbackUrl, txn, previous);
    assert.equal(shortfall, undefined);
    return { session, txn, transferTokenValue, idpCookies: atIdp.cookies };
  }

  /** Signs alice in, then steps up for a transfer as the confirmation page does; the token as the session holds it. */
  async function transferToken() {
    const signedIn = await authorize("/accounts", undefined, []);
    const stepUp = await authorize("/transfer/confirm", signedIn.session, signedIn.idpCookies);
    assert.equal(stepUp.txn.purpose, "transfer");
    const info = stepUp.session.transferToken;
    assert.ok(info && stepUp.transferTokenValue);
    return { ...info, value: stepUp.transferTokenValue };
  }

  const balance = async (account: string) => Number((await api.db.query("SELECT balance FROM accounts WHERE id = $1", [account])).rows[0]?.balance);

  it("binds the token to the app's key (DPoP, cnf.jkt = RFC 7638 thumbprint) and proves it on the API call", async () => {
    const token = await transferToken();
    // The app's current key, read back from its database and thumbprinted here, independently of the app's own jkt.
    const appKey = await currentDpopKey(await appDb(), { secret: config().sessionSecret, now: Math.floor(Date.now() / 1000), maxAge: config().dpopKeyMaxAge });
    const thumbprint = await calculateJwkThumbprint(await exportJWK(appKey.keyPair.publicKey));
    const cnf = decodeJwt(token.value).cnf as { jkt?: unknown } | undefined;
    assert.equal(cnf?.jkt, thumbprint, "the access token is not bound to the app's key");
    // dpop is set only when the token endpoint answered token_type DPoP for the proof the app sent.
    assert.deepEqual({ dpop: token.dpop, jkt: token.jkt }, { dpop: true, jkt: thumbprint }, "the session keeps it as a Bearer token");

    const before = await balance(TRANSFER.from);
    const transfer = await createTransfer(token, TRANSFER, randomUUID());
    assert.equal(transfer.amountCents, 100);
    assert.equal(await balance(TRANSFER.from), before - 100);

    // The call the app made: scheme DPoP and a proof for exactly this request and this token.
    const sent = sentToApi.at(-1);
    assert.equal(sent?.authorization, `DPoP ${token.value}`);
    assert.equal(typeof sent?.dpop, "string", "no DPoP proof header");
    const proof = await jwtVerify(String(sent?.dpop), EmbeddedJWK, { typ: "dpop+jwt", algorithms: ["ES256"] });
    assert.equal(proof.payload.htm, "POST");
    assert.equal(proof.payload.htu, `${api.url}/transfers`);
    assert.equal(proof.payload.ath, createHash("sha256").update(token.value).digest("base64url"));
    assert.equal(typeof proof.payload.jti, "string");
    assert.ok(Math.abs(Number(proof.payload.iat) - Date.now() / 1000) < 60);
    assert.equal(await calculateJwkThumbprint(proof.protectedHeader.jwk ?? {}), cnf?.jkt);
  });

  it("the same token presented as Bearer (the fallback this guards against) moves nothing at the real API", async () => {
    const token = await transferToken();
    const before = await balance(TRANSFER.from);
    const asBearer = await fetch(`${api.url}/transfers`, {
      method: "POST",
      headers: { authorization: `Bearer ${token.value}`, "content-type": "application/json", "idempotency-key": randomUUID() },
      body: JSON.stringify(TRANSFER),
    });
    assert.equal(asBearer.status, 401);
    assert.match(asBearer.headers.get("www-authenticate") ?? "", /^DPoP /);
    assert.equal(await balance(TRANSFER.from), before);
  });

  it("a token the provider approved for $1.00 to bob pays neither $100.00 nor anyone else, and is still good for exactly that", async () => {
    const token = await transferToken();
    assert.deepEqual(decodeJwt(token.value).authorization_details, [transferDetails(TRANSFER)], "the provider did not put the details in the token");
    const balances = async () => [await balance(TRANSFER.from), await balance(TRANSFER.to), await balance("acc_alice_savings")];
    const before = await balances();
    for (const other of [
      { ...TRANSFER, amount: "100.00" },
      { ...TRANSFER, to: "acc_alice_savings" },
      { ...TRANSFER, amount: "0.99", to: "acc_alice_savings" },
    ]) {
      await assert.rejects(createTransfer(token, other, randomUUID()), (error: FabrikamApiError) => {
        assert.equal(error.status, 403);
        assert.equal(error.code, "insufficient_authorization_details");
        return true;
      });
      assert.deepEqual(await balances(), before, `${JSON.stringify(other)} moved money`);
    }
    // Refused before its single use was spent: the approved transfer still goes through, once.
    const transfer = await createTransfer(token, TRANSFER, randomUUID());
    assert.equal(transfer.amountCents, 100);
    await assert.rejects(createTransfer(token, TRANSFER, randomUUID()), (error: FabrikamApiError) => error.status === 401);
  });
});
