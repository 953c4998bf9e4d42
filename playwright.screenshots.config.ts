import { defineConfig } from "@playwright/test";
import base from "./playwright.config";

/** `npm run screenshots`: the same servers as the e2e suite, one spec that writes docs/screenshots/*.png. */
export default defineConfig({
  ...base,
  testDir: "scripts/screenshots",
  retries: 0,
  reporter: [["list"]],
  timeout: 180_000,
  use: { ...base.use, viewport: { width: 1280, height: 860 }, deviceScaleFactor: 1, trace: "off" },
});
