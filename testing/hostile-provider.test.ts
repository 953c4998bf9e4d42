/**
 * The hostile provider is no more lenient than the real thing: the same bad authorization and token requests get
 * the same answers (status, RFC 6749 error, challenge scheme) from it and from the dev IdP (oidc-provider).
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import * as oidc from "openid-client";
import { DEV_DEFAULTS } from "../common/dev-defaults";
import { DEFAULT_CLIENT_ID } from "../common/step-up";
import { type HostileProvider, startHostileProvider } from "./hostile-provider";
import { scriptedLogin } from "./scripted-login";
import { type RunningIdp, startIdp } from "./start-idp";

const CLIENT_SECRET = DEV_DEFAULTS.clientSecret;
const REDIRECT_URI = "http://localhost:3000/auth/callback";

/** What a client can tell from an answer: status, `error`, and the scheme of any challenge. */
interface Answer {
  status: number;
  error?: string;
  challenge?: string;
}

/** A code just issued, with what redeeming it takes. */
interface Issued {
  tokenEndpoint: string;
  code: string;
  codeVerifier: string;
}

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString("base64")}`;

async function tokenRequest(endpoint: string, fields: Record<string, string>, authorization?: string): Promise<Answer> {
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  if (authorization) headers.authorization = authorization;
  const response = await fetch(endpoint, { method: "POST", headers, body: new URLSearchParams(fields) });
  const body = (await response.json()) as { error?: string };
  const challenge = response.headers.get("www-authenticate")?.split(" ")[0];
  return { status: response.status, ...(body.error ? { error: body.error } : {}), ...(challenge ? { challenge } : {}) };
}

// Each case changes one thing about a correct request; none of them may redeem the code (a real provider consumes
// it only after every check has passed), so they all run against the same code.
const BAD_TOKEN_REQUESTS: [string, (issued: Issued) => [Record<string, string>, string | undefined], Answer][] = [
  ["a wrong client secret", (i) => [grant(i), basic(DEFAULT_CLIENT_ID, "not-the-secret")], { status: 401, error: "invalid_client", challenge: "Basic" }],
  ["an unknown client", (i) => [grant(i), basic("someone-else", CLIENT_SECRET)], { status: 401, error: "invalid_client", challenge: "Basic" }],
  ["a client_id and no authentication", (i) => [{ ...grant(i), client_id: DEFAULT_CLIENT_ID }, undefined], { status: 401, error: "invalid_client" }],
  ["no client at all", (i) => [grant(i), undefined], { status: 400, error: "invalid_request" }],
  ["no grant_type", (i) => [without(grant(i), "grant_type"), auth()], { status: 400, error: "invalid_request" }],
  ["another grant_type", (i) => [{ ...grant(i), grant_type: "password" }, auth()], { status: 400, error: "unsupported_grant_type" }],
  ["a code it never issued", (i) => [{ ...grant(i), code: `${i.code}x` }, auth()], { status: 400, error: "invalid_grant" }],
  ["no code_verifier (PKCE dropped)", (i) => [without(grant(i), "code_verifier"), auth()], { status: 400, error: "invalid_grant" }],
  ["another code_verifier", (i) => [{ ...grant(i), code_verifier: "w".repeat(43) }, auth()], { status: 400, error: "invalid_grant" }],
  ["a malformed code_verifier", (i) => [{ ...grant(i), code_verifier: "short" }, auth()], { status: 400, error: "invalid_request" }],
  ["another redirect_uri", (i) => [{ ...grant(i), redirect_uri: "http://localhost:3000/elsewhere" }, auth()], { status: 400, error: "invalid_grant" }],
];

function grant(issued: Issued): Record<string, string> {
  return { grant_type: "authorization_code", code: issued.code, code_verifier: issued.codeVerifier, redirect_uri: REDIRECT_URI };
}
function without(fields: Record<string, string>, name: string): Record<string, string> {
  const { [name]: _dropped, ...rest } = fields;
  return rest;
}
const auth = () => basic(DEFAULT_CLIENT_ID, CLIENT_SECRET);

/** The whole token-endpoint table against one code: every bad request, then the right one, then a replay. */
async function tokenEndpointAnswers(issued: Issued): Promise<Record<string, Answer>> {
  const answers: Record<string, Answer> = {};
  for (const [name, request] of BAD_TOKEN_REQUESTS) answers[name] = await tokenRequest(issued.tokenEndpoint, ...request(issued));
  const redeemed = await tokenRequest(issued.tokenEndpoint, grant(issued), auth());
  answers["the right request"] = { status: redeemed.status };
  answers["the same code again"] = await tokenRequest(issued.tokenEndpoint, grant(issued), auth());
  return answers;
}

function expectedTokenAnswers(): Record<string, Answer> {
  return {
    ...Object.fromEntries(BAD_TOKEN_REQUESTS.map(([name, , answer]) => [name, answer])),
    "the right request": { status: 200 },
    "the same code again": { status: 400, error: "invalid_grant" },
  };
}

/** Where an authorization request is sent back to: the error there, or "no redirect" and the status. */
async function authorizationAnswer(configuration: oidc.Configuration, change: Record<string, string | undefined>): Promise<string> {
  const verifier = oidc.randomPKCECodeVerifier();
  const parameters: Record<string, string> = {
    redirect_uri: REDIRECT_URI,
    scope: "openid",
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state: oidc.randomState(),
    nonce: oidc.randomNonce(),
  };
  for (const [name, value] of Object.entries(change)) {
    if (value === undefined) delete parameters[name];
    else parameters[name] = value;
  }
  const url = oidc.buildAuthorizationUrl(configuration, parameters);
  if (change.client_id !== undefined) url.searchParams.set("client_id", change.client_id);
  const response = await fetch(url, { redirect: "manual" });
  const location = response.headers.get("location");
  if (response.status < 300 || response.status >= 400 || !location) return `no redirect, ${response.status}`;
  const back = new URL(location);
  return back.href.startsWith(REDIRECT_URI) ? `error=${back.searchParams.get("error")}` : "redirect elsewhere";
}

const BAD_AUTHORIZATION_REQUESTS: [string, Record<string, string | undefined>, string][] = [
  ["no code_challenge (PKCE dropped)", { code_challenge: undefined, code_challenge_method: undefined }, "error=invalid_request"],
  ["code_challenge_method plain", { code_challenge_method: "plain" }, "error=invalid_request"],
  ["an unregistered redirect_uri", { redirect_uri: "https://evil.example/callback" }, "no redirect, 400"],
  ["an unknown client_id", { client_id: "someone-else" }, "no redirect, 400"],
];

describe("the hostile provider refuses what the dev IdP refuses, the same way", () => {
  let idp: RunningIdp;
  let hostile: HostileProvider;
  before(async () => {
    idp = await startIdp();
    hostile = await startHostileProvider({ clientId: DEFAULT_CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUris: [REDIRECT_URI] });
  });
  after(async () => {
    await hostile?.close();
    await idp?.stop();
  });

  it("at the token endpoint: client authentication, grant_type, code, PKCE, redirect_uri, single use", async () => {
    // The dev IdP's code comes from a real sign-in; the table runs where the app would redeem it.
    let fromIdp: Record<string, Answer> = {};
    await assert.rejects(
      scriptedLogin({
        issuer: idp.issuer,
        clientId: DEFAULT_CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        redirectUri: REDIRECT_URI,
        username: "alice",
        password: "fabrikam-alice",
        totpSecret: "JBSWY3DPEHPK3PXP",
        scope: "openid",
        async redeem(callbackUrl, request) {
          const tokenEndpoint = `${idp.issuer}/token`;
          fromIdp = await tokenEndpointAnswers({ tokenEndpoint, code: callbackUrl.searchParams.get("code") ?? "", codeVerifier: request.codeVerifier });
          throw new Error("table done");
        },
      }),
      /table done/,
    );

    const configuration = await hostileConfiguration();
    const verifier = oidc.randomPKCECodeVerifier();
    const callback = await hostile.authorize(
      oidc.buildAuthorizationUrl(configuration, {
        redirect_uri: REDIRECT_URI,
        scope: "openid",
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: "S256",
      }),
    );
    const fromHostile = await tokenEndpointAnswers({
      tokenEndpoint: `${hostile.issuer}/token`,
      code: callback.searchParams.get("code") ?? "",
      codeVerifier: verifier,
    });

    assert.deepEqual(fromIdp, expectedTokenAnswers(), "the dev IdP answered differently than this table expects");
    assert.deepEqual(fromHostile, fromIdp);
  });

  it("at the authorization endpoint: PKCE S256 required, redirect_uri and client checked", async () => {
    const idpConfiguration = await oidc.discovery(new URL(idp.issuer), DEFAULT_CLIENT_ID, undefined, oidc.ClientSecretBasic(CLIENT_SECRET), {
      execute: [oidc.allowInsecureRequests],
    });
    const hostileConfig = await hostileConfiguration();
    for (const [name, change, expected] of BAD_AUTHORIZATION_REQUESTS) {
      assert.equal(await authorizationAnswer(idpConfiguration, change), expected, `dev IdP, ${name}`);
      assert.equal(await authorizationAnswer(hostileConfig, change), expected, `hostile provider, ${name}`);
    }
  });

  function hostileConfiguration(): Promise<oidc.Configuration> {
    return oidc.discovery(new URL(hostile.issuer), DEFAULT_CLIENT_ID, undefined, oidc.ClientSecretBasic(CLIENT_SECRET), {
      execute: [oidc.allowInsecureRequests],
    });
  }
});
