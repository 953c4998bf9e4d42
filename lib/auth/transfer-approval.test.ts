/**
 * RFC 9396 at the callback: the second factor of a transfer step-up approves one exact transfer, the request carries
 * it, and the intranet keeps the transfer token only when the provider granted exactly that transfer. Driven through
 * startAuthorization and completeAuthorization against a provider the test controls.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { transferDetails } from "@/common/authorization-details";
import { ACR_MFA } from "@/common/step-up";
import { config } from "@/lib/config";
import { approvalDigest } from "@/lib/transfers/transfer-approval";
import type { HostileProvider, SigningKey } from "@/testing/hostile-provider";
import { startHostileProviderForIntranet } from "@/testing/intranet-routes";
import { completeAuthorization, startAuthorization } from "./authorize";
import { unsealLoginTransaction } from "./login-state";
import type { Session } from "./session";

let provider: HostileProvider;
let key: SigningKey;

before(async () => {
  ({ provider, key } = await startHostileProviderForIntranet());
});
after(() => provider?.close());

const nowSeconds = () => Math.floor(Date.now() / 1000);
const TRANSFER = transferDetails({ from: "acc_alice_checking", to: "acc_bob_checking", amount: "3.21" });

function alice(): Session {
  const now = nowSeconds();
  return { v: 1, sid: "0123456789abcdef0123", sub: "alice", name: "Alice", amr: ["pwd"], authTime: now - 60, createdAt: now - 60, expiresAt: now + 3600 };
}

async function approve(granted?: unknown) {
  provider.grantAuthorizationDetails = granted;
  const { url, transaction } = await startAuthorization("/transfer/confirm", alice(), { transfer: TRANSFER });
  const txn = await unsealLoginTransaction(transaction.sealed, transaction.state, config().sessionSecret);
  assert.ok(txn);
  provider.nextIdToken = await provider.mint(key, { nonce: txn.nonce, auth_time: nowSeconds(), acr: ACR_MFA, amr: ["pwd", "otp", "mfa"] });
  const redirect = await provider.authorize(url);
  return { url, ...(await completeAuthorization(redirect, txn, alice())) };
}

test("the transfer step-up asks the provider to approve exactly the waiting transfer", async () => {
  const { url, shortfall, session } = await approve();
  assert.deepEqual(JSON.parse(url.searchParams.get("authorization_details") ?? "null"), [TRANSFER]);
  assert.ok(url.searchParams.get("scope")?.split(" ").includes("transfer:funds"));
  assert.equal(shortfall, undefined);
  assert.equal(session.transferToken?.approves, approvalDigest(TRANSFER), "the token is held to that transfer");
});

test("a grant for another transfer, for none, or for two is not kept", async () => {
  for (const granted of [[{ ...TRANSFER, amount: "321.00" }], [{ ...TRANSFER, to: "acc_carol_checking" }], [], [TRANSFER, { ...TRANSFER, amount: "1.00" }]]) {
    const { shortfall, session } = await approve(granted);
    assert.equal(shortfall, "transfer_not_approved", JSON.stringify(granted));
    assert.equal(session.transferToken, undefined, JSON.stringify(granted));
  }
});
