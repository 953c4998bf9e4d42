/** The dev IdP's pages run under a CSP without inline scripts; the logout auto-submit is a file under /static. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type RunningIdp, startIdp } from "../testing/start-idp";
import { logoutPage } from "./views/logout";

const APP_ORIGIN = "http://localhost:3999";

describe("IdP security headers", () => {
  let idp: RunningIdp;
  before(async () => {
    idp = await startIdp({ env: { IDP_APP_ORIGINS: APP_ORIGIN } });
  });
  after(() => idp?.stop());

  it("every page carries a CSP that allows only same-origin script files and the hashed stylesheet", async () => {
    for (const path of ["/", "/.well-known/openid-configuration", "/interaction/unknown", "/session/end?client_id=fabrikam-intranet"]) {
      const response = await fetch(`${idp.issuer}${path}`, { redirect: "manual" });
      const csp = response.headers.get("content-security-policy") ?? "";
      // oidc-provider adds the hash of its own inline auto-submit script to the policy it finds.
      assert.match(csp, /script-src 'self'( 'sha256-[A-Za-z0-9+/=]+')?(;|$)/, path);
      assert.doesNotMatch(csp, /unsafe-inline/, path);
      assert.match(csp, /style-src 'sha256-[A-Za-z0-9+/=]+'/, path);
      assert.match(csp, /frame-ancestors 'none'/, path);
      assert.match(csp, /object-src 'none'/, path);
      assert.match(csp, /base-uri 'none'/, path);
      const formAction = /form-action ([^;]+)/.exec(csp)?.[1]?.split(" ") ?? [];
      assert.ok(formAction.includes("'self'") && formAction.includes(APP_ORIGIN), `${path}: ${csp}`);
      assert.equal(response.headers.get("x-content-type-options"), "nosniff", path);
    }
  });

  it("the logout page has no inline script: its auto-submit is served from /static", async () => {
    const html = logoutPage({ form: '<form id="op.logoutForm" method="post" action="/session/end/confirm"></form>', autoSubmit: true });
    assert.doesNotMatch(html, /<script>(?!<\/script>)/);
    assert.match(html, /<script src="\/static\/logout.js" defer><\/script>/);
    const script = await fetch(`${idp.issuer}/static/logout.js`);
    assert.equal(script.status, 200);
    assert.match(await script.text(), /logout-yes/);
  });
});
