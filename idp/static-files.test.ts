/** /static works wherever the checkout lives, including under a dot-named folder such as ~/.projects/. */
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import express from "express";
import { staticFiles } from "./static-files";

describe("static files under a dot-named folder", () => {
  let temp: string;
  let server: Server;
  let origin: string;

  before(async () => {
    temp = await mkdtemp(join(tmpdir(), "fabrikam-static-"));
    // Laid out like a checkout at ~/.projects/fabrikam: the page scripts and a package's browser bundle.
    const checkout = join(temp, ".projects", "fabrikam");
    const publicDir = join(checkout, "idp", "public");
    const bundleDir = join(checkout, "node_modules", "@simplewebauthn", "browser", "dist", "bundle");
    await mkdir(publicDir, { recursive: true });
    await mkdir(bundleDir, { recursive: true });
    await writeFile(join(publicDir, "logout.js"), "// page script\n");
    await writeFile(join(publicDir, ".env"), "SECRET=1\n");
    await writeFile(join(bundleDir, "index.umd.min.js"), "// webauthn bundle\n");

    const app = express();
    app.use("/static", staticFiles(publicDir, { "simplewebauthn-browser.js": join(bundleDir, "index.umd.min.js") }));
    server = app.listen(0, "localhost");
    await new Promise((resolve) => server.once("listening", resolve));
    origin = `http://localhost:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await rm(temp, { recursive: true, force: true });
  });

  it("serves a package's bundle (the passkey script) from a path with a dot-named folder", async () => {
    const response = await fetch(`${origin}/static/simplewebauthn-browser.js`);
    assert.equal(response.status, 200);
    assert.equal(await response.text(), "// webauthn bundle\n");
    assert.match(response.headers.get("content-type") ?? "", /javascript/);
    assert.match(response.headers.get("cache-control") ?? "", /max-age=3600/);
  });

  it("serves the page scripts of the public folder", async () => {
    const response = await fetch(`${origin}/static/logout.js`);
    assert.equal(response.status, 200);
    assert.equal(await response.text(), "// page script\n");
  });

  it("still hides dot files inside the public folder and refuses paths that climb out of it", async () => {
    assert.equal((await fetch(`${origin}/static/.env`)).status, 404);
    for (const path of ["/static/..%2f..%2fnode_modules/@simplewebauthn/browser/dist/bundle/index.umd.min.js", "/static/%2e%2e/idp/public/logout.js"]) {
      const response = await fetch(`${origin}${path}`);
      assert.ok(response.status === 403 || response.status === 404, `${path}: ${response.status}`);
    }
  });
});
