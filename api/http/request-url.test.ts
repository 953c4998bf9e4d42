import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ApiError } from "./errors";
import { publicRequestUrl } from "./request-url";

const ORIGIN = "https://api.fabrikam.example";

describe("publicRequestUrl", () => {
  it("puts the request's path and query on the public origin", () => {
    assert.equal(publicRequestUrl(ORIGIN, "/transfers").href, "https://api.fabrikam.example/transfers");
    assert.equal(publicRequestUrl(ORIGIN, "/accounts/a/transactions?x=1").href, "https://api.fabrikam.example/accounts/a/transactions?x=1");
    assert.equal(publicRequestUrl(ORIGIN, undefined).href, "https://api.fabrikam.example/");
  });

  it("keeps a scheme-relative-looking target on this origin", () => {
    const url = publicRequestUrl(ORIGIN, "//evil.example/transfers");
    assert.equal(url.origin, ORIGIN);
    assert.equal(url.pathname, "//evil.example/transfers");
  });

  it("accepts absolute-form only for this origin; refuses other hosts, schemes and '*'", () => {
    assert.equal(publicRequestUrl(ORIGIN, "https://api.fabrikam.example/accounts?a=b").href, "https://api.fabrikam.example/accounts?a=b");
    for (const target of ["http://api.fabrikam.example/accounts", "https://evil.example/accounts", "*", "accounts", "javascript:alert(1)"]) {
      assert.throws(
        () => publicRequestUrl(ORIGIN, target),
        (error: unknown) => error instanceof ApiError && error.status === 400,
        target,
      );
    }
  });
});
