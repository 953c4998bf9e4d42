import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { PROFILES } from "../common/profiles";
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
      profile: PROFILES.auth0,
      provisionDemoAccounts: true,
    });
  });

  it("takes the provider profile from API_PROFILE, else OIDC_PROFILE, and refuses unknown ones", () => {
    assert.equal(loadConfig({ OIDC_PROFILE: "keycloak" }).profile.mfaAcr, "2");
    assert.equal(loadConfig({ OIDC_PROFILE: "keycloak", API_PROFILE: "okta" }).profile.name, "okta");
    assert.equal(loadConfig({ API_DEMO_ACCOUNTS: "off" }).provisionDemoAccounts, false);
    assert.throws(() => loadConfig({ API_PROFILE: "ping", API_PORT: "x" }), (error: unknown) =>
      error instanceof ConfigError && error.problems.length === 2 && /API_PROFILE: must be one of/.test(error.message));
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
