/**
 * The Auth0 Action we ship must parse, and demand MFA exactly when the MFA ACR or a high-value scope is
 * requested. It runs in node:vm with a fake `event` and `api`, as Auth0 would call it.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import vm from "node:vm";
import { ACR_MFA, SCOPES } from "../../../common/step-up";

// .cjs: Auth0 runs Actions as CommonJS, and this package is "type": "module", so Node can load it as written too.
const source = readFileSync(new URL("./step-up-action.cjs", import.meta.url), "utf8");

type Handler = (event: unknown, api: unknown) => Promise<void>;

function loadAction(): Handler {
  const script = new vm.Script(source, { filename: "step-up-action.cjs" });
  const sandbox = { exports: {} as Record<string, unknown> };
  script.runInNewContext(sandbox);
  const handler = sandbox.exports.onExecutePostLogin;
  assert.equal(typeof handler, "function", "exports.onExecutePostLogin is defined");
  return handler as Handler;
}

async function mfaCalls(transaction: unknown): Promise<unknown[][]> {
  const calls: unknown[][] = [];
  const api = { multifactor: { enable: (...args: unknown[]) => void calls.push(args) } };
  await loadAction()({ transaction, user: { user_id: "auth0|5f1c" }, client: { client_id: "abc" } }, api);
  return calls;
}

test("Node loads the Action file as the CommonJS module Auth0 runs", async () => {
  const { createRequire } = await import("node:module");
  const action = createRequire(import.meta.url)("./step-up-action.cjs") as { onExecutePostLogin?: unknown };
  assert.equal(typeof action.onExecutePostLogin, "function");
});

test("the Action parses as a script", () => {
  assert.doesNotThrow(() => new vm.Script(source));
});

test("the MFA ACR requested: MFA demanded once, without remembering the browser", async () => {
  const calls = await mfaCalls({ acr_values: [ACR_MFA], requested_scopes: ["openid", "profile"] });
  assert.equal(calls.length, 1);
  assert.deepEqual(JSON.parse(JSON.stringify(calls[0])), ["any", { allowRememberBrowser: false }]);
});

test("transfer:funds requested: MFA demanded, even without an ACR", async () => {
  assert.equal((await mfaCalls({ acr_values: [], requested_scopes: ["openid", SCOPES.transferFunds] })).length, 1);
});

test("an ordinary sign-in, another ACR, or a read scope: no MFA", async () => {
  assert.equal((await mfaCalls({ acr_values: [], requested_scopes: ["openid", "profile", SCOPES.readAccounts] })).length, 0);
  assert.equal((await mfaCalls({ acr_values: ["urn:other:acr"], requested_scopes: ["openid"] })).length, 0);
  assert.equal((await mfaCalls({ acr_values: [], requested_scopes: ["openid", "transfer:funds:extra"] })).length, 0);
});

test("a transaction without those fields does not throw and asks nothing", async () => {
  assert.equal((await mfaCalls(undefined)).length, 0);
  assert.equal((await mfaCalls({})).length, 0);
});

test("a fabrikam_transfer to approve (Rich Authorization Requests): MFA demanded, other details types alone do not", async () => {
  const transfer = { type: "fabrikam_transfer", from: "acc_a", to: "acc_b", amount: "3.21", currency: "USD" };
  assert.equal((await mfaCalls({ acr_values: [], requested_scopes: ["openid"], requested_authorization_details: [transfer] })).length, 1);
  assert.equal(
    (await mfaCalls({ acr_values: [], requested_scopes: ["openid"], requested_authorization_details: [{ type: "account_information" }] })).length,
    0,
  );
  assert.equal((await mfaCalls({ acr_values: [], requested_scopes: ["openid"], requested_authorization_details: [null, "x"] })).length, 0);
});
