import assert from "node:assert/strict";
import { test } from "node:test";
import { appCookies, type CookieOptions } from "./cookies";

// A stand-in for Next's cookie stores with the same get/set/getAll surface.
function jar(initial: Record<string, string> = {}) {
  const values = new Map(Object.entries(initial));
  const written: { name: string; value: string; options: CookieOptions }[] = [];
  return {
    written,
    get: (name: string) => (values.has(name) ? { value: values.get(name) ?? "" } : undefined),
    getAll: () => [...values.keys()].map((name) => ({ name })),
    set: (name: string, value: string, options: CookieOptions) => {
      written.push({ name, value, options });
      values.set(name, value);
    },
  };
}

const STATE = "abcdefghijklmnopqrstuvwxyz012345";

test("over https every cookie the intranet sets is __Host-: Secure, Path=/, no Domain", () => {
  const cookies = appCookies(true);
  for (const cookie of [cookies.session, cookies.pendingTransfer, cookies.transferReceipt, cookies.flash, cookies.loginTransaction(STATE)]) {
    assert.match(cookie.name, /^__Host-fabrikam_/);
    assert.equal(cookie.options.secure, true);
    assert.equal(cookie.options.path, "/");
    assert.ok(!("domain" in cookie.options));
    assert.match(cookie.clearScript, /; Secure$/);
  }
});

test("over plain http (development) the names are bare and not Secure", () => {
  const cookies = appCookies(false);
  assert.equal(cookies.session.name, "fabrikam_session");
  assert.equal(cookies.session.options.secure, false);
  assert.equal(cookies.flash.clearScript, "fabrikam_flash=; Max-Age=0; Path=/; SameSite=Lax");
});

test("only the flash is readable by scripts; the rest are HttpOnly", () => {
  const cookies = appCookies(true);
  assert.equal(cookies.flash.options.httpOnly, false);
  for (const cookie of [cookies.session, cookies.pendingTransfer, cookies.transferReceipt, cookies.loginTransaction(STATE)])
    assert.equal(cookie.options.httpOnly, true);
});

test("write sets the lifetime, clear expires the cookie with the same attributes, read ignores an empty value", () => {
  const store = jar({ fabrikam_session: "" });
  const { session } = appCookies(false);
  assert.equal(session.read(store), undefined);
  session.write(store, "sealed", 60.7);
  assert.equal(session.read(store), "sealed");
  session.clear(store);
  assert.deepEqual(
    store.written.map((w) => [w.name, w.value, w.options.maxAge, w.options.httpOnly]),
    [
      ["fabrikam_session", "sealed", 60, true],
      ["fabrikam_session", "", 0, true],
    ],
  );
});

test("a login state that could not have come from us never names a cookie", () => {
  const cookies = appCookies(false);
  for (const state of ["", "short", "a".repeat(129), "has space in it 1234", "semi;colon-0123456789", "ünïcödé-0123456789abc"]) {
    assert.throws(() => cookies.loginTransaction(state), RangeError);
  }
});

test("the login transactions in a request are found by name, and only ours", () => {
  const cookies = appCookies(true);
  const store = jar({ [`__Host-fabrikam_txn_${STATE}`]: "x", "fabrikam_txn_bare-but-secure-app-0": "x", "__Host-fabrikam_txn_bad;": "x", other: "x" });
  assert.deepEqual(
    cookies.loginTransactionsIn(store).map((c) => c.name),
    [`__Host-fabrikam_txn_${STATE}`],
  );
});
