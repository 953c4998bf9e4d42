import assert from "node:assert/strict";
import { test } from "node:test";
import { ConfigError, parseConfig } from "./config";

test("development needs no environment at all", () => {
  const config = parseConfig({ NODE_ENV: "development" });
  assert.equal(config.appBaseUrl, "http://localhost:3000");
  assert.equal(config.clientId, "fabrikam-intranet");
  assert.equal(config.apiAudience, "https://api.fabrikam.example");
  assert.equal(config.secureCookies, false);
});

test("production without secrets fails and names every missing variable", () => {
  assert.throws(
    () => parseConfig({ NODE_ENV: "production", APP_BASE_URL: "https://intranet.example", OIDC_ISSUER: "https://idp.example" }),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      for (const name of ["OIDC_CLIENT_SECRET", "SESSION_SECRET", "FABRIKAM_API_URL"]) assert.match(error.message, new RegExp(`${name}: is not set`));
      return true;
    },
  );
});

test("bad values are refused with a reason", () => {
  assert.throws(
    () => parseConfig({ SESSION_SECRET: "short", APP_BASE_URL: "ftp://x" }),
    /SESSION_SECRET: must be at least 32[\s\S]*APP_BASE_URL: must be an http\(s\) URL|APP_BASE_URL: must be an http\(s\) URL[\s\S]*SESSION_SECRET/,
  );
});

test("https deployments get secure cookies; trailing slashes are dropped", () => {
  const config = parseConfig({
    NODE_ENV: "production",
    APP_BASE_URL: "https://intranet.example/",
    OIDC_ISSUER: "https://idp.example",
    OIDC_CLIENT_SECRET: "s",
    SESSION_SECRET: "x".repeat(32),
    FABRIKAM_API_URL: "https://api.example",
  });
  assert.equal(config.appBaseUrl, "https://intranet.example");
  assert.equal(config.secureCookies, true);
});

test("the provider is named as people know it: the demo's dev IdP by its name, another provider generically unless set", () => {
  assert.equal(parseConfig({ NODE_ENV: "production", FABRIKAM_DEMO: "1" }).providerName, "Fabrikam Identity");
  assert.equal(parseConfig({ NODE_ENV: "development", OIDC_ISSUER: "https://fabrikam.eu.auth0.com" }).providerName, "your identity provider");
  assert.equal(parseConfig({ NODE_ENV: "development", OIDC_PROVIDER_NAME: "  Contoso Sign-in " }).providerName, "Contoso Sign-in");
  assert.equal(parseConfig({ NODE_ENV: "development", OIDC_PROVIDER_NAME: "   " }).providerName, "your identity provider");
  assert.throws(() => parseConfig({ NODE_ENV: "development", OIDC_PROVIDER_NAME: "x".repeat(61) }), /OIDC_PROVIDER_NAME: must be at most 60 characters/);
});
