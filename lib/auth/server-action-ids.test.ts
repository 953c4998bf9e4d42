import assert from "node:assert/strict";
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { pageCarries, serverActions } from "./server-action-ids";

const worker = { moduleId: "1", async: false };

test("actions and the pages that carry them come from the manifest, read again when it changes, unknown without one", () => {
  const dir = mkdtempSync(join(tmpdir(), "actions-"));
  try {
    const manifest = join(dir, "server-reference-manifest.json");
    assert.equal(serverActions(manifest), undefined);
    writeFileSync(manifest, JSON.stringify({ node: { a1: { workers: { "app/transfer/(form)/page": worker, "app/page": worker } } }, edge: {} }));
    const first = serverActions(manifest);
    assert.ok(first);
    assert.deepEqual(
      ["/transfer", "/transfer/", "/", "/salary", "/transfer/confirm", "/(form)"].map((path) => pageCarries(first, "a1", path)),
      [true, true, true, false, false, false],
    );
    assert.equal(pageCarries(first, "a2", "/transfer"), false);
    writeFileSync(manifest, JSON.stringify({ node: { a2: { workers: { "app/docs/[slug]/page": worker, "app/auth/login/route": worker } } } }));
    utimesSync(manifest, new Date(), new Date(Date.now() + 5_000));
    const second = serverActions(manifest);
    assert.ok(second);
    assert.deepEqual(
      ["/docs/a", "/docs", "/docs/a/b", "/auth/login"].map((path) => pageCarries(second, "a2", path)),
      [true, false, false, false],
    );
    writeFileSync(manifest, "{not json");
    utimesSync(manifest, new Date(), new Date(Date.now() + 10_000));
    assert.equal(serverActions(manifest), undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
