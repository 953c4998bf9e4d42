import { acrMeetsMfa, showsMfa } from "@/common/profiles";
import type { Session } from "@/lib/auth/session";
import { config } from "@/lib/config";
import { RelativeTime } from "./relative-time";

/** "Your session": the ID-token claims that step-up decisions rest on. Token values never reach the browser. */
export function SessionPanel({ session }: { session: Session }) {
  const { profile } = config();
  const mfa = showsMfa(profile, session);
  return (
    <section aria-labelledby="session-heading" className="card mt-10 text-sm">
      <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="session-heading" className="text-base font-semibold">
          Your session
        </h2>
        <a href="/inspector">Open the session inspector</a>
      </div>
      <dl className="grid grid-cols-1 gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]">
        <dt className="font-medium">Authentication level</dt>
        <dd>
          <span className={`badge ${mfa ? "badge-ok" : "badge-short"}`}>{mfa ? "Multi-factor" : "Password only"}</span>
        </dd>
        <dt className="font-medium">acr</dt>
        <dd className="font-mono [overflow-wrap:anywhere]" data-testid="claim-acr">
          {session.acr ?? "(none)"}
          {session.acr && acrMeetsMfa(profile, session.acr) ? ` (${profile.label} multi-factor level)` : ""}
        </dd>
        <dt className="font-medium">amr</dt>
        <dd className="font-mono" data-testid="claim-amr">
          {session.amr.length > 0 ? JSON.stringify(session.amr) : "(none)"}
        </dd>
        <dt className="font-medium">auth_time</dt>
        <dd data-testid="claim-auth-time">{session.authTime ? <RelativeTime epochSeconds={session.authTime} /> : "(none)"}</dd>
        <dt className="font-medium">Session ends</dt>
        <dd>
          <RelativeTime epochSeconds={session.expiresAt} />
        </dd>
        <dt className="font-medium">API access</dt>
        <dd>
          {session.accessToken ? (
            <>
              <code>{session.accessToken.scope}</code>, expires <RelativeTime epochSeconds={session.accessToken.expiresAt} />
            </>
          ) : (
            "none"
          )}
        </dd>
        <dt className="font-medium">Transfer token</dt>
        <dd data-testid="transfer-token">
          {session.transferToken ? (
            <>
              single-use <code>transfer:funds</code>, expires <RelativeTime epochSeconds={session.transferToken.expiresAt} />
            </>
          ) : (
            "none (a transfer asks for a new second factor)"
          )}
        </dd>
      </dl>
    </section>
  );
}
