import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as oauth from "oauth4webapi";
import { ACR_MFA } from "../../common/step-up";
import { buildBearerChallenge, insufficientScope, insufficientUserAuthentication, invalidToken, missingToken } from "./challenge";

// Parse with the code path openid-client's fetchProtectedResource uses in the app.
async function parse(header: string): Promise<oauth.WWWAuthenticateChallenge[]> {
  const answer = () => Promise.resolve(new Response(null, { status: 401, headers: { "www-authenticate": header } }));
  try {
    await oauth.protectedResourceRequest("token", "GET", new URL("https://api.example/x"), undefined, undefined, {
      [oauth.customFetch]: answer,
    });
  } catch (error) {
    if (error instanceof oauth.WWWAuthenticateChallengeError) return error.cause;
    throw error;
  }
  return [];
}

describe("buildBearerChallenge", () => {
  it("says only the realm when no token was sent (RFC 6750 §3.1)", () => {
    assert.equal(buildBearerChallenge(), 'Bearer realm="fabrikam-api"');
    assert.equal(missingToken().headers["WWW-Authenticate"], 'Bearer realm="fabrikam-api"');
  });

  it("builds an RFC 9470 insufficient_user_authentication challenge", async () => {
    const header = insufficientUserAuthentication("A second factor is required.", ACR_MFA, 300, "Bearer").headers["WWW-Authenticate"];
    assert.equal(
      header,
      `Bearer realm="fabrikam-api", error="insufficient_user_authentication", error_description="A second factor is required.", acr_values="${ACR_MFA}", max_age=300`,
    );
    const [challenge] = await parse(header ?? "");
    assert.equal(challenge?.scheme, "bearer");
    assert.equal(challenge?.parameters.error, "insufficient_user_authentication");
    assert.equal(challenge?.parameters.acr_values, ACR_MFA);
    assert.equal(challenge?.parameters.max_age, "300");
  });

  it("names the missing scope (RFC 6750 §3.1 insufficient_scope)", async () => {
    const error = insufficientScope("transfer:funds", "Bearer");
    assert.equal(error.status, 403);
    const [challenge] = await parse(error.headers["WWW-Authenticate"] ?? "");
    assert.equal(challenge?.parameters.error, "insufficient_scope");
    assert.equal(challenge?.parameters.scope, "transfer:funds");
  });

  it('keeps descriptions inside RFC 6750\'s character set (no `"`, `\\`, control or non-ASCII)', async () => {
    const header = invalidToken('bad "token" \\ here\r\nInjected: yes – ok', "Bearer").headers["WWW-Authenticate"] ?? "";
    assert.equal(header, `Bearer realm="fabrikam-api", error="invalid_token", error_description="bad 'token' ' hereInjected: yes  ok"`);
    assert.doesNotMatch(header, /[\r\n]/);
    assert.equal((await parse(header))[0]?.parameters.error_description, "bad 'token' ' hereInjected: yes  ok");
  });

  it("refuses a non-integer max_age", () => {
    assert.throws(() => buildBearerChallenge({ maxAge: 1.5 }), RangeError);
  });
});
