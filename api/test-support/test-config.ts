/** The Accounts API's settings for a test that runs it in-process: local, in memory, the dev defaults. */
import { PROFILES } from "../../common/profiles";
import { DEFAULT_API_AUDIENCE } from "../../common/step-up";
import type { ApiConfig } from "../config";

/** Trusts `issuer`; everything else as `npm run dev` has it unless `overrides` say otherwise. */
export function testApiConfig(issuer: string, overrides: Partial<ApiConfig> = {}): ApiConfig {
  return {
    port: 0,
    issuer,
    audience: DEFAULT_API_AUDIENCE,
    databaseUrl: undefined,
    dataDir: "memory://",
    transferMaxAge: 300,
    profile: PROFILES.auth0,
    provisionDemoAccounts: false,
    // The scripted logins' tokens approve no particular transfer; the tests of authorization details turn this on.
    requireAuthorizationDetails: false,
    ...overrides,
  };
}
