import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConfigError, loadConfig } from "./config";

describe("loadConfig", () => {
  it("has working defaults with no environment at all", () => {
    assert.deepEqual(loadConfig({}), {
      port: 4001,
      issuer: "http://localhost:4000",
      audience: "https://api.fabrikam.example",
      databaseUrl: undefined,
      dataDir: ".data/api",
      transferMaxAge: 300,
    });
  });

  it("treats empty values as unset", () => {
    assert.equal(loadConfig({ API_PORT: "", DATABASE_URL: "" }).port, 4001);
  });

  it("lists every problem at once", () => {
    try {
      loadConfig({ API_PORT: "http", OIDC_ISSUER: "http://idp.example.com", DATABASE_URL: "mysql://x", TRANSFER_MAX_AGE: "-5" });
      assert.fail("expected a ConfigError");
    } catch (error) {
      assert.ok(error instanceof ConfigError);
      assert.deepEqual(error.problems.map((p) => p.split(":")[0]), ["API_PORT", "OIDC_ISSUER", "DATABASE_URL", "TRANSFER_MAX_AGE"]);
      assert.match(error.message, /https:\/\/ unless the issuer runs on localhost/);
    }
  });

  it("accepts an https issuer and a PostgreSQL URL", () => {
    const config = loadConfig({ OIDC_ISSUER: "https://tenant.auth0.com/", DATABASE_URL: "postgres://u@db:5432/ledger" });
    assert.equal(config.issuer, "https://tenant.auth0.com/");
    assert.equal(config.databaseUrl, "postgres://u@db:5432/ledger");
  });
});
