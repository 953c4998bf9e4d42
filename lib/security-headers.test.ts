import assert from "node:assert/strict";
import { test } from "node:test";
import { contentSecurityPolicy, newNonce, securityHeaders } from "./security-headers";

const base = { nonce: "bm9uY2U=", idpOrigin: "https://login.fabrikam.example", https: true, development: false };

test("the CSP allows only nonce'd scripts and forbids plugins, base rewriting and framing", () => {
  const directives = new Map(
    contentSecurityPolicy(base)
      .split("; ")
      .map((d) => [d.split(" ")[0], d]),
  );
  assert.equal(directives.get("script-src"), "script-src 'self' 'nonce-bm9uY2U=' 'strict-dynamic'");
  assert.equal(directives.get("object-src"), "object-src 'none'");
  assert.equal(directives.get("base-uri"), "base-uri 'none'");
  assert.equal(directives.get("frame-ancestors"), "frame-ancestors 'none'");
  assert.equal(directives.get("form-action"), "form-action 'self' https://login.fabrikam.example");
  assert.ok(!contentSecurityPolicy(base).includes("unsafe-inline"));
  assert.ok(!contentSecurityPolicy(base).includes("unsafe-eval"));
});

test("HSTS is sent over https only", () => {
  assert.match(securityHeaders(base)["Strict-Transport-Security"] ?? "", /max-age=\d{8}/);
  assert.equal(securityHeaders({ ...base, https: false })["Strict-Transport-Security"], undefined);
});

test("nonces differ per request", () => {
  assert.notEqual(newNonce(), newNonce());
  assert.equal(Buffer.from(newNonce(), "base64").length, 16);
});

test("next dev gets eval and inline styles for its own tools; production never does", () => {
  const dev = new Map(
    contentSecurityPolicy({ ...base, development: true })
      .split("; ")
      .map((d) => [d.split(" ")[0], d]),
  );
  assert.equal(dev.get("style-src"), "style-src 'self' 'unsafe-inline'");
  assert.match(dev.get("script-src") ?? "", /'unsafe-eval'/);
  assert.match(dev.get("script-src") ?? "", /'nonce-bm9uY2U='/, "scripts still need the nonce in dev");
  const production = new Map(
    contentSecurityPolicy(base)
      .split("; ")
      .map((d) => [d.split(" ")[0], d]),
  );
  assert.equal(production.get("style-src"), "style-src 'self' 'nonce-bm9uY2U='");
});
