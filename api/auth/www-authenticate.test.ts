import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import * as oauth from "oauth4webapi";
import { REFUSAL_REASONS } from "../../common/api-refusals";
import { ACR_MFA } from "../../common/step-up";
import {
  buildBearerChallenge,
  insufficientAuthorizationDetails,
  insufficientScope,
  insufficientUserAuthentication,
  invalidToken,
  malformedAuthorization,
  missingToken,
  printable,
  type TokenScheme,
} from "./www-authenticate";

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

  it("keeps descriptions inside RFC 6750's character set (no `\"`, `\\`, control or non-ASCII)", async () => {
    const header = invalidToken('bad "token" \\ here\r\nInjected: yes – ok', "Bearer").headers["WWW-Authenticate"] ?? "";
    assert.equal(header, `Bearer realm="fabrikam-api", error="invalid_token", error_description="bad 'token' ' hereInjected: yes  ok"`);
    assert.doesNotMatch(header, /[\r\n]/);
    assert.equal((await parse(header))[0]?.parameters.error_description, "bad 'token' ' hereInjected: yes  ok");
  });

  it("refuses a non-integer max_age", () => {
    assert.throws(() => buildBearerChallenge({ maxAge: 1.5 }), RangeError);
  });
});

describe("buildBearerChallenge (property-based)", () => {
  // Strings with everything a header can choke on: quotes, backslashes, CR/LF, NUL, commas, equals, non-ASCII.
  const awkward = fc.oneof(
    fc.string({ unit: "binary", maxLength: 80 }),
    fc
      .array(fc.constantFrom('"', "\\", "\r", "\n", "\u0000", ",", "=", " ", "\t", "a", "Z", "é", "😀", "\u202e", "realm=x", '\\"'), { maxLength: 30 })
      .map((parts) => parts.join("")),
  );
  const scheme = fc.constantFrom<TokenScheme>("Bearer", "DPoP");
  const error = fc.constantFrom(undefined, "invalid_request", "invalid_token", "insufficient_scope", "insufficient_user_authentication" as const);

  it("builds a header the app's parser reads back to the same printable-reduced values", async () => {
    // Invariant: for any description, scope, acr_values, max_age (a whole number of seconds) and scheme, the header
    // is a valid HTTP header value and oauth4webapi parses exactly one challenge from it, with each parameter equal
    // to printable(value) and nothing injected (no extra parameters, no second challenge).
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          scheme,
          error,
          errorDescription: fc.option(awkward, { nil: undefined }),
          scope: fc.option(awkward, { nil: undefined }),
          acrValues: fc.option(awkward, { nil: undefined }),
          maxAge: fc.option(fc.integer({ min: 0, max: 2 ** 31 }), { nil: undefined }),
        }),
        async (input) => {
          const header = buildBearerChallenge(input);
          assert.doesNotThrow(() => new Headers({ "www-authenticate": header }), "a valid header value");
          const challenges = await parse(header);
          assert.equal(challenges.length, 1, header);
          const [challenge] = challenges;
          const expected: Record<string, string> = { realm: "fabrikam-api" };
          if (input.error) expected.error = input.error;
          if (input.errorDescription) expected.error_description = printable(input.errorDescription);
          if (input.scope) expected.scope = printable(input.scope);
          if (input.acrValues) expected.acr_values = printable(input.acrValues);
          if (input.maxAge !== undefined) expected.max_age = String(input.maxAge);
          if (input.scheme === "DPoP") expected.algs = "ES256";
          assert.equal(challenge?.scheme, input.scheme.toLowerCase());
          assert.deepEqual({ ...challenge?.parameters }, expected);
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it("every refusal the API builds carries a parseable challenge in the request's scheme", async () => {
    // Invariant: the builders used by the routes never throw for any text and always produce one parseable challenge.
    await fc.assert(
      fc.asyncProperty(awkward, awkward, fc.integer({ min: 0, max: 86_400 }), scheme, async (text, other, maxAge, used) => {
        for (const refusal of [
          invalidToken(text, used),
          insufficientScope(text, used),
          insufficientUserAuthentication(text, other, maxAge, used),
          malformedAuthorization(used),
          insufficientAuthorizationDetails(text, used, REFUSAL_REASONS.transferNotApproved, ["amount"]),
        ]) {
          const challenges = await parse(refusal.headers["WWW-Authenticate"] ?? "");
          assert.equal(challenges.length, 1);
          assert.equal(challenges[0]?.scheme, used.toLowerCase());
        }
      }),
      { numRuns: 1_000 },
    );
  });
});
