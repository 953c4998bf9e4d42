/**
 * The Accounts API client's reading of refusals, through the same openid-client path the app uses, against a raw
 * TCP server that answers with whatever bytes a test chooses (so even header values Node's own HTTP server would
 * refuse to write go out).
 */
import assert from "node:assert/strict";
import { createServer, type Server } from "node:net";
import { after, before, test } from "node:test";
import fc from "fast-check";
import { startIdpForIntranet } from "@/testing/intranet-routes";
import type { RunningIdp } from "@/testing/start-idp";
import { listAccounts } from "./client";
import { ApiUnavailableError, FabrikamApiError, StepUpRequiredError } from "./errors";

let idp: RunningIdp;
let api: Server;
let nextAnswer = "";

before(async () => {
  idp = await startIdpForIntranet();
  api = createServer((socket) => {
    socket.once("data", () => socket.end(nextAnswer));
    socket.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => api.listen(0, "localhost", resolve));
  const address = api.address();
  process.env.FABRIKAM_API_URL = `http://localhost:${typeof address === "object" && address ? address.port : 0}`;
});
after(async () => {
  await new Promise<void>((resolve) => api?.close(() => resolve()));
  await idp?.stop();
});

/** A 401 whose WWW-Authenticate header is `value`, byte for byte. */
function refusalWith(value: string, body = '{"error":"invalid_token"}'): string {
  return `HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: ${value}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`;
}

async function outcome(header: string): Promise<unknown> {
  nextAnswer = refusalWith(header);
  try {
    await listAccounts("a.b.c");
    return undefined;
  } catch (error) {
    return error;
  }
}

test("an RFC 9470 challenge becomes a step-up demand with its acr_values and max_age", async () => {
  const error = await outcome(
    'Bearer realm="fabrikam-api", error="insufficient_user_authentication", error_description="too old", acr_values="urn:mfa", max_age=300',
  );
  assert.ok(error instanceof StepUpRequiredError);
  assert.deepEqual(error.challenge, { acrValues: "urn:mfa", maxAge: 300 });
  assert.equal(error.description, "too old");
});

test("a spent token is recognised by the refusal's machine-readable reason, not by its sentence", async () => {
  const header = 'Bearer realm="fabrikam-api", error="invalid_token", error_description="Any wording at all."';
  nextAnswer = refusalWith(header, '{"error":"invalid_token","error_description":"Any wording at all.","reason":"token_replayed"}');
  const replayed = await listAccounts("a.b.c").catch((error: unknown) => error);
  assert.ok(replayed instanceof FabrikamApiError);
  assert.equal(replayed.reason, "token_replayed");
  nextAnswer = refusalWith(header, '{"error":"invalid_token","reason":"something_new"}');
  const unknown = await listAccounts("a.b.c").catch((error: unknown) => error);
  assert.ok(unknown instanceof FabrikamApiError);
  assert.equal(unknown.reason, undefined, "a reason this app does not know is no reason");
});

// Invariant: whatever bytes the API (or anything between) puts in WWW-Authenticate, the client ends with one of its
// three typed errors — a step-up demand that is well formed, a refusal, or "unavailable" — never anything else.
test("property: any WWW-Authenticate value ends in a typed error, and a step-up demand is always well formed", async () => {
  const piece = fc.constantFrom(
    "Bearer",
    "DPoP",
    "Basic",
    " ",
    ",",
    "=",
    '"',
    "\\",
    "error=",
    "insufficient_user_authentication",
    "acr_values=",
    "max_age=",
    "300",
    "-1",
    "1e9",
    "99999999999",
    "realm=",
    "\t",
    "\u00ff",
    "\u0000",
    "'",
    "\r\nX-Injected: 1",
  );
  const header = fc.oneof(
    fc.string({ unit: "binary", maxLength: 120 }),
    fc.array(piece, { maxLength: 24 }).map((parts) => parts.join("")),
  );
  await fc.assert(
    fc.asyncProperty(header, async (value) => {
      const error = await outcome(value);
      assert.ok(
        error instanceof StepUpRequiredError || error instanceof FabrikamApiError || error instanceof ApiUnavailableError,
        `${String(error)} for ${JSON.stringify(value)}`,
      );
      if (error instanceof StepUpRequiredError) {
        if (error.challenge.acrValues !== undefined) assert.match(error.challenge.acrValues, /^[\x21-\x7e]+( [\x21-\x7e]+)*$/);
        if (error.challenge.maxAge !== undefined) assert.ok(Number.isSafeInteger(error.challenge.maxAge) && error.challenge.maxAge >= 0);
      }
    }),
    { numRuns: 1_000 },
  );
});
