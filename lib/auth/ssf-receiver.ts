import "server-only";
import { CAEP_SESSION_REVOKED, SET_MEDIA_TYPE } from "@/common/ssf";
import { audit } from "@/lib/audit/audit";
import { config } from "@/lib/config";
import { appDb } from "@/lib/db/app-db";
import type { AppDatabase } from "@/lib/db/database";
import { recordAssuranceDecrease } from "./assurance-store";
import { logAuthEvent } from "./log";
import { releaseLogoutTokenId, spendLogoutTokenId } from "./logout-token-store";
import { ID_TOKEN_ALG } from "./oidc-client";
import { endSessionsAtProvider, subjectsWithEmail } from "./session-store";
import { isPushAuthorized } from "./ssf-push-authorization";
import { type ReceivedEvent, type SetErr, SetError, verifySet } from "./ssf-set";
import { transmitterMetadata } from "./ssf-transmitter";

/** A push request is one compact JWT; anything longer is not one. */
export const SET_REQUEST_MAX_BYTES = 16 * 1024;

const nowSeconds = () => Math.floor(Date.now() / 1000);

type Err = SetErr | "authentication_failed";

// RFC 8935 §2.4: refusals carry {err, description}; nothing is cached either way.
const answer = (status: number, body?: { err: Err | "temporarily_unavailable"; description: string }) =>
  body ? Response.json(body, { status, headers: { "Cache-Control": "no-store" } }) : new Response(null, { status, headers: { "Cache-Control": "no-store" } });

const refused = (status: 400 | 401, err: Err, code: string, description: string) => {
  logAuthEvent("ssf_event_refused", { err, code, detail: description });
  return answer(status, { err, description });
};

// RFC 8935 §2: the body is one SET, typed as such (parameters allowed).
const SET_CONTENT_TYPE = new RegExp(`^${SET_MEDIA_TYPE.replace("+", "\\+")}\\s*(;|$)`, "i");

/**
 * RFC 8935 push delivery of a CAEP event from the provider's SSF transmitter. Only a SET with the stream's
 * Authorization header, signed by the transmitter, addressed to this client, fresh, never seen before, about a
 * subject this site can name, does anything; then 202. A refusal is 400 (401 without the header) with an RFC 8935
 * `err` and a sentence, and changes nothing.
 */
export async function receiveSecurityEvent(request: Request): Promise<Response> {
  const app = config();
  if (!isPushAuthorized(request.headers.get("authorization"), app.sessionSecret)) {
    return refused(401, "authentication_failed", "ssf_push_unauthorized", "The request does not carry the stream's Authorization header.");
  }
  if (!SET_CONTENT_TYPE.test(request.headers.get("content-type") ?? "")) {
    return refused(400, "invalid_request", "ssf_content_type", `Send the SET as ${SET_MEDIA_TYPE}.`);
  }
  const body = (await request.text()).trim();
  if (Buffer.byteLength(body) > SET_REQUEST_MAX_BYTES) return refused(400, "invalid_request", "ssf_too_long", "The request is longer than a SET can be.");
  const now = nowSeconds();
  let event: ReceivedEvent;
  try {
    const { issuer, keys } = await transmitterMetadata();
    event = await verifySet(body, { issuer, audience: app.clientId, keys, algorithm: ID_TOKEN_ALG }, now);
  } catch (error) {
    if (error instanceof SetError) return refused(400, error.err, error.code, error.message);
    // The transmitter's metadata or keys could not be read: not the SET's fault, and it may be sent again.
    logAuthEvent("ssf_event_failed", { code: "idp_unavailable", detail: error instanceof Error ? error.message : String(error) });
    return answer(503, { err: "temporarily_unavailable", description: "The identity provider's keys could not be read. Try again later." });
  }
  const db = await appDb();
  // Spent before acting (one jti store with logout tokens: both come from the one provider, whose jtis are unique).
  if (!(await spendLogoutTokenId(db, `set:${event.jti}`, event.keepUntil, now))) {
    return refused(400, "invalid_request", "ssf_replayed", "This SET was already received.");
  }
  let subs: string[];
  try {
    subs = event.subject.format === "iss_sub" ? [event.subject.sub] : await subjectsWithEmail(db, event.subject.email);
    for (const sub of subs) await act(db, sub, event, now);
  } catch (error) {
    // Not (wholly) acted on: the jti is given back and the transmitter told to try again (it repeats on a 5xx), so
    // a revocation is not lost to a database that failed for a moment. Acting twice is harmless: ending an ended
    // session or recording the same decrease changes nothing.
    await releaseLogoutTokenId(db, `set:${event.jti}`).catch(() => undefined);
    logAuthEvent("ssf_event_failed", { code: "not_acted_on", jti: event.jti, detail: error instanceof Error ? error.message : String(error) });
    return answer(503, { err: "temporarily_unavailable", description: "The event could not be acted on just now. Send it again." });
  }
  logAuthEvent("ssf_event_received", { type: event.type, jti: event.jti, subjects: subs.length });
  return answer(202);
}

async function act(db: AppDatabase, sub: string, event: ReceivedEvent, now: number): Promise<void> {
  const facts = { event_id: event.jti, occurred_at: new Date(event.occurredAt * 1000).toISOString(), reason: event.reason };
  if (event.type === CAEP_SESSION_REVOKED) {
    const ended = await endSessionsAtProvider(db, { sub }, now, "caep_session_revoked");
    await audit(sub, "caep_session_revoked", { ...facts, sessions_ended: ended.length });
    return;
  }
  const { change } = event;
  // An increase proves nothing here: the intranet raises a session's assurance only through a new sign-in.
  if (change.direction === "decrease") {
    const live = await recordAssuranceDecrease(db, sub, { at: event.occurredAt, receivedAt: now, jti: event.jti, reason: event.reason });
    await audit(sub, "caep_assurance_decreased", { ...facts, sessions_downgraded: live, level: `${change.previousLevel ?? "?"} → ${change.currentLevel}` });
  }
}
