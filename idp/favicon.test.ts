/** Every IdP page names its icon, and /favicon.ico answers too, so no page of the IdP logs a 404 for it. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type RunningIdp, startIdp } from "../testing/start-idp";

describe("IdP favicon", () => {
  let idp: RunningIdp;
  before(async () => {
    idp = await startIdp();
  });
  after(() => idp?.stop());

  it("the pages link /static/favicon.svg, which is served as SVG", async () => {
    const html = await (await fetch(`${idp.issuer}/`)).text();
    assert.match(html, /<link rel="icon" href="\/static\/favicon.svg" type="image\/svg\+xml">/);
    const icon = await fetch(`${idp.issuer}/static/favicon.svg`);
    assert.equal(icon.status, 200);
    assert.match(icon.headers.get("content-type") ?? "", /image\/svg\+xml/);
  });

  it("/favicon.ico, which browsers ask for on their own, answers with the same icon", async () => {
    const icon = await fetch(`${idp.issuer}/favicon.ico`);
    assert.equal(icon.status, 200);
    assert.match(icon.headers.get("content-type") ?? "", /image\/svg\+xml/);
    assert.match(await icon.text(), /<title>Fabrikam Identity<\/title>/);
  });
});
