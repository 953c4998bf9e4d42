import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { PROFILES } from "../common/profiles";
import { ConfigError, loadConfig } from "./config";

describe("loadConfig", () => {
  it("has working defaults with no environment at all", () => {
    assert.deepEqual(loadConfig({}), {
      port: 4001,
      publicUrl: undefined,
      issuer: "http://localhost:4000",
      audience: "https://api.fabrikam.example",
      databaseUrl: undefined,
      dataDir: ".data/api",
      transferMaxAge: 300,
      profile: PROFILES.auth0,
      scopePrefix: "",
      provisionDemoAccounts: true,
      allowedClients: ["fabrikam-intranet"],
      directoryClients: ["fabrikam-idp"],
      requireAuthorizationDetails: true,
    });
  });

  it("holds transfer tokens to approved details per API_REQUIRE_AUTHORIZATION_DETAILS, else the profile's rar flag", () => {
    assert.equal(loadConfig({ API_PROFILE: "auth0" }).requireAuthorizationDetails, true);
    assert.equal(loadConfig({ API_PROFILE: "okta" }).requireAuthorizationDetails, false);
    assert.equal(loadConfig({ API_PROFILE: "okta", OIDC_RAR: "on" }).requireAuthorizationDetails, true);
    assert.equal(loadConfig({ API_REQUIRE_AUTHORIZATION_DETAILS: "off" }).requireAuthorizationDetails, false);
    assert.equal(loadConfig({ API_PROFILE: "keycloak", API_REQUIRE_AUTHORIZATION_DETAILS: "on" }).requireAuthorizationDetails, true);
    assert.throws(
      () => loadConfig({ API_REQUIRE_AUTHORIZATION_DETAILS: "yes" }),
      (error: unknown) => error instanceof ConfigError && /API_REQUIRE_AUTHORIZATION_DETAILS/.test(error.message),
    );
  });

  it("lets the clients API_DIRECTORY_CLIENTS names read the directory, never a client of the customer routes", () => {
    assert.deepEqual(loadConfig({ API_DIRECTORY_CLIENTS: "fabrikam-idp, other-idp" }).directoryClients, ["fabrikam-idp", "other-idp"]);
    for (const env of [
      { API_DIRECTORY_CLIENTS: "fabrikam-intranet" },
      { API_ALLOWED_CLIENTS: "fabrikam-intranet,fabrikam-idp" },
      { API_DIRECTORY_CLIENTS: ",", API_ALLOWED_CLIENTS: "a" },
    ]) {
      assert.throws(
        () => loadConfig(env),
        (error: unknown) => error instanceof ConfigError && /API_DIRECTORY_CLIENTS/.test(error.message),
        JSON.stringify(env),
      );
    }
  });

  it("takes the public URL (DPoP htu) from API_PUBLIC_URL as an origin; https unless local", () => {
    assert.equal(loadConfig({ API_PUBLIC_URL: "https://API.Fabrikam.example:443/" }).publicUrl, "https://api.fabrikam.example");
    assert.equal(loadConfig({ API_PUBLIC_URL: "http://localhost:4001" }).publicUrl, "http://localhost:4001");
    assert.equal(loadConfig({ API_PUBLIC_URL: "" }).publicUrl, undefined, "unset: the local URL, known once listening");
    for (const bad of [
      "http://api.fabrikam.example",
      "https://api.fabrikam.example/accounts",
      "https://api.fabrikam.example/?x=1",
      "https://u:p@api.fabrikam.example",
      "ftp://api.fabrikam.example",
      "api.fabrikam.example",
    ]) {
      assert.throws(
        () => loadConfig({ API_PUBLIC_URL: bad }),
        (error: unknown) => error instanceof ConfigError && /API_PUBLIC_URL/.test(error.message),
        bad,
      );
    }
  });

  it("serves the clients API_ALLOWED_CLIENTS names, else the intranet's OIDC_CLIENT_ID, else fabrikam-intranet", () => {
    assert.deepEqual(loadConfig({ API_ALLOWED_CLIENTS: " fabrikam-intranet, fabrikam-mobile ,," }).allowedClients, ["fabrikam-intranet", "fabrikam-mobile"]);
    assert.deepEqual(loadConfig({ OIDC_CLIENT_ID: "0oa1fabrikam" }).allowedClients, ["0oa1fabrikam"]);
    assert.deepEqual(loadConfig({ OIDC_CLIENT_ID: "0oa1fabrikam", API_ALLOWED_CLIENTS: "other" }).allowedClients, ["other"]);
    assert.deepEqual(loadConfig({ API_ALLOWED_CLIENTS: "" }).allowedClients, ["fabrikam-intranet"]);
    for (const bad of [",", " , ", 'a"b', "a b,c"]) {
      assert.throws(
        () => loadConfig({ API_ALLOWED_CLIENTS: bad }),
        (error: unknown) => error instanceof ConfigError && /API_ALLOWED_CLIENTS/.test(error.message),
        bad,
      );
    }
  });

  it("takes the access-token format from the profile, overridable per claim", () => {
    const okta = loadConfig({ API_PROFILE: "okta" }).profile;
    assert.deepEqual([okta.accessTokenFormat, okta.scopeClaim, okta.tokenIdClaim], ["jwt", "scp", "jti"]);
    const entra = loadConfig({ OIDC_PROFILE: "entra", API_SCOPE_PREFIX: "api://fabrikam-accounts/" });
    assert.deepEqual([entra.profile.accessTokenFormat, entra.profile.scopeClaim, entra.profile.tokenIdClaim], ["jwt", "scp", "uti"]);
    assert.equal(entra.scopePrefix, "api://fabrikam-accounts/");
    const custom = loadConfig({ API_ACCESS_TOKEN_FORMAT: "jwt", API_SCOPE_CLAIM: "scp", API_TOKEN_ID_CLAIM: "uti" }).profile;
    assert.deepEqual([custom.name, custom.accessTokenFormat, custom.scopeClaim, custom.tokenIdClaim], ["auth0", "jwt", "scp", "uti"]);
    assert.throws(
      () => loadConfig({ API_ACCESS_TOKEN_FORMAT: "opaque", API_SCOPE_CLAIM: "roles", API_TOKEN_ID_CLAIM: "sid", API_SCOPE_PREFIX: "api://x y/" }),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.problems.map((p) => p.split(":")[0]).join() === "API_ACCESS_TOKEN_FORMAT,API_SCOPE_CLAIM,API_TOKEN_ID_CLAIM,API_SCOPE_PREFIX",
    );
  });

  it("takes the provider profile from API_PROFILE, else OIDC_PROFILE, and refuses unknown ones", () => {
    assert.equal(loadConfig({ OIDC_PROFILE: "keycloak" }).profile.mfaAcr, "2");
    assert.equal(loadConfig({ OIDC_PROFILE: "keycloak", API_PROFILE: "okta" }).profile.name, "okta");
    assert.equal(loadConfig({ API_DEMO_ACCOUNTS: "off" }).provisionDemoAccounts, false);
    assert.throws(
      () => loadConfig({ API_PROFILE: "ping", API_PORT: "x" }),
      (error: unknown) => error instanceof ConfigError && error.problems.length === 2 && /API_PROFILE: must be one of/.test(error.message),
    );
  });

  it("sizes the PostgreSQL pool from API_DB_POOL_SIZE, a whole number from 1 to 100, and leaves the default to the driver module", () => {
    assert.equal(loadConfig({}).dbPoolSize, undefined);
    assert.equal(loadConfig({ API_DB_POOL_SIZE: "32" }).dbPoolSize, 32);
    for (const bad of ["0", "-1", "1.5", "101", "many"]) {
      assert.throws(
        () => loadConfig({ API_DB_POOL_SIZE: bad }),
        (error: unknown) => error instanceof ConfigError && error.problems.length === 1 && /^API_DB_POOL_SIZE/.test(error.problems[0] ?? ""),
        bad,
      );
    }
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
      assert.deepEqual(
        error.problems.map((p) => p.split(":")[0]),
        ["API_PORT", "OIDC_ISSUER", "DATABASE_URL", "TRANSFER_MAX_AGE"],
      );
      assert.match(error.message, /https:\/\/ unless the issuer runs on localhost/);
    }
  });

  it("reports an issuer that is not a URL at all as a configuration problem", () => {
    assert.throws(
      () => loadConfig({ OIDC_ISSUER: "idp.example.com" }),
      (error: unknown) => error instanceof ConfigError && error.problems.length === 1,
    );
  });

  it("accepts an https issuer and a PostgreSQL URL", () => {
    const config = loadConfig({ OIDC_ISSUER: "https://tenant.auth0.com/", DATABASE_URL: "postgres://u@db:5432/ledger" });
    assert.equal(config.issuer, "https://tenant.auth0.com/");
    assert.equal(config.databaseUrl, "postgres://u@db:5432/ledger");
  });
});
