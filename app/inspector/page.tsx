import type { Metadata } from "next";
import { cookies } from "next/headers";
import { showsMfa } from "@/common/profiles";
import { peekSessionTransferToken, requirePolicy, sessionHistoryOf } from "@/lib/auth/dal";
import { routeTable } from "@/lib/auth/policy";
import { policyStandings } from "@/lib/auth/policy-window";
import { authStateOf, type TransferTokenInfo } from "@/lib/auth/session";
import { config } from "@/lib/config";
import { displayedClaims } from "@/lib/inspector/token-claims";
import { readPendingTransfer } from "@/lib/transfers/pending-transfer";
import { approvalDigestOf } from "@/lib/transfers/transfer-approval";
import { AcrValue } from "../components/acr-value";
import { Countdown } from "../components/countdown";
import { RelativeTime } from "../components/relative-time";

export const metadata: Metadata = { title: "Session inspector" };

const SHORTFALL_TEXT = {
  signed_out: "sign in",
  api_token_expired: "a new sign-in (the API token expired)",
  mfa_required: "a second factor",
  mfa_stale: "a fresh second factor",
  transfer_token_required: "a second factor and a single-use transfer:funds token",
} as const;

function Claim({ name, children, testId }: { name: string; children: React.ReactNode; testId?: string }) {
  return (
    <>
      <dt className="font-mono text-sm font-medium text-slate-600 dark:text-slate-300">{name}</dt>
      <dd className="text-sm [overflow-wrap:anywhere]" data-testid={testId}>
        {children}
      </dd>
    </>
  );
}

function TokenCard({ title, token, testId, now }: { title: string; token: (TransferTokenInfo & { value?: string }) | undefined; testId: string; now: number }) {
  const claims = token?.value ? displayedClaims(token.value, config().profile) : undefined;
  const scopes = claims && claims.scopes.length > 0 ? claims.scopes : (token?.scope.split(" ") ?? []);
  // The token's own exp when it is a readable JWT; otherwise the app's record from the token response's expires_in.
  const expiresAt = claims?.expiresAt ?? token?.expiresAt;
  return (
    <section className="card" aria-labelledby={`${testId}-heading`} data-testid={testId}>
      <h3 id={`${testId}-heading`} className="font-semibold">
        {title}
      </h3>
      {!token ? (
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-300">The session holds no such token.</p>
      ) : (
        <>
          {!claims ? (
            <p className="mt-2 text-sm text-slate-600 dark:text-slate-300">
              An opaque token: only the provider and the API can read it. Shown: what the token response said.
            </p>
          ) : null}
          <dl className="mt-3 grid grid-cols-[max-content_minmax(0,1fr)] gap-x-4 gap-y-1.5">
            <Claim name="scope">
              {scopes.map((s) => (
                <code key={s} className="mr-1">
                  {s}
                </code>
              ))}
            </Claim>
            {claims ? (
              <>
                {claims.aud ? <Claim name="aud">{claims.aud}</Claim> : null}
                <Claim name={config().profile.acrClaim}>{claims.acr.length > 0 ? claims.acr.map((acr) => <AcrValue key={acr} acr={acr} />) : "(none)"}</Claim>
                <Claim name="amr">{claims.amr.length > 0 ? claims.amr.join(", ") : "(none)"}</Claim>
                <Claim name="auth_time">{claims.authTime ? <RelativeTime epochSeconds={claims.authTime} /> : "(none)"}</Claim>
              </>
            ) : null}
            {expiresAt ? (
              <Claim name={claims?.expiresAt ? "exp" : "expires"}>
                <RelativeTime epochSeconds={expiresAt} /> (<Countdown untilEpochSeconds={expiresAt} serverNow={now} />)
              </Claim>
            ) : null}
            {token.dpop ? <Claim name="cnf">bound to the intranet&apos;s DPoP key (RFC 9449)</Claim> : null}
            {testId === "transfer-token-card" ? (
              <Claim name="authorization_details" testId="transfer-approval">
                {claims?.approvedTransfer
                  ? `approves exactly ${claims.approvedTransfer.amount} ${claims.approvedTransfer.currency} from ${claims.approvedTransfer.from} to ${claims.approvedTransfer.to} (RFC 9396)`
                  : config().profile.rar
                    ? "(none)"
                    : "(none: this provider cannot bind the approval to an amount and payee, so the token is good for any one transfer)"}
              </Claim>
            ) : null}
          </dl>
        </>
      )}
    </section>
  );
}

// Why a session record ended, in words (lib/auth/session-store.ts SessionEndReason).
const END_REASON_TEXT = {
  replaced: "replaced by a newer sign-in or step-up",
  signed_out: "signed out here",
  backchannel_logout: "signed out at the provider (OIDC Back-Channel Logout)",
  caep_session_revoked: "signed out of every application at the provider (CAEP session-revoked)",
} as const;

/** The provider session behind this one, whether the provider revoked or downgraded it, and the user's last sessions. */
async function RevocationCard({ session }: { session: Awaited<ReturnType<typeof requirePolicy>> }) {
  const history = await sessionHistoryOf(session);
  const current = history.find((h) => h.sid === session.sid);
  return (
    <section className="card" aria-labelledby="revocation-heading" data-testid="revocation">
      <h2 id="revocation-heading" className="text-lg font-semibold">
        Provider session and revocation
      </h2>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-300">
        The provider can end or downgrade this session from its side: by back-channel logout, or by Shared Signals (CAEP) events it pushes.
      </p>
      <dl className="mt-4 grid grid-cols-[max-content_minmax(0,1fr)] gap-x-6 gap-y-2">
        <Claim name="idp_sid" testId="inspector-idp-sid">
          {current?.idpSid ?? "(none: the provider sent no sid)"}
        </Claim>
        <Claim name="revoked">not revoked (a revoked session cannot open this page)</Claim>
        <Claim name="downgraded" testId="inspector-downgrade">
          {session.downgrade ? (
            <>
              yes: the provider said its second factor no longer counts (CAEP assurance-level-change, event {session.downgrade.jti}
              {session.downgrade.reason ? `: ${session.downgrade.reason}` : ""}), <RelativeTime epochSeconds={session.downgrade.at} />. Pages that need a second
              factor ask for one again.
            </>
          ) : (
            "no"
          )}
        </Claim>
      </dl>
      {history.some((h) => h.endReason) ? (
        <>
          <h3 className="mt-4 font-semibold">Your recent sessions that ended</h3>
          <ul className="mt-2 list-disc pl-5 text-sm [overflow-wrap:anywhere]">
            {history
              .filter((h) => h.endedAt !== undefined && h.endReason)
              .map((h) => (
                <li key={h.sid}>
                  {h.endReason ? END_REASON_TEXT[h.endReason] : ""}, <RelativeTime epochSeconds={h.endedAt ?? 0} />
                  {h.idpSid ? ` (provider session ${h.idpSid})` : ""}
                </li>
              ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

export default async function InspectorPage() {
  const session = await requirePolicy("/inspector");
  const now = Math.floor(Date.now() / 1000);
  // The confirmation page's row is judged against the transfer waiting for it, if any.
  const pending = await readPendingTransfer(await cookies(), session.sid);
  const standings = policyStandings(routeTable(), authStateOf(session, pending && approvalDigestOf(pending)), now, config().profile);
  return (
    <div className="space-y-8">
      <div>
        <p className="eyebrow">Under the hood</p>
        <h1 className="text-3xl font-bold tracking-tight">Session inspector</h1>
        <p className="mt-2 max-w-3xl text-slate-700 dark:text-slate-300">
          What the intranet knows about your sign-in, and what each page demands. Tokens stay on the server: this page shows their decoded claims, never the
          token strings.
        </p>
      </div>

      <section className="card" aria-labelledby="id-claims-heading">
        <h2 id="id-claims-heading" className="text-lg font-semibold">
          ID-token claims kept in your session
        </h2>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-300">The app verifies the ID token at sign-in and keeps only the claims it decides with.</p>
        <dl className="mt-4 grid grid-cols-[max-content_minmax(0,1fr)] gap-x-6 gap-y-2">
          <Claim name="sub">{session.sub}</Claim>
          <Claim name="name">{session.name}</Claim>
          <Claim name="acr" testId="inspector-acr">
            {session.acr ? <AcrValue acr={session.acr} /> : "(none)"}
          </Claim>
          <Claim name="amr" testId="inspector-amr">
            {session.amr.length > 0 ? session.amr.join(", ") : "(none)"}{" "}
            <span className={`badge ${showsMfa(config().profile, session) ? "badge-ok" : "badge-short"}`}>
              {showsMfa(config().profile, session) ? "second factor proven" : "password only"}
            </span>
          </Claim>
          <Claim name="auth_time">{session.authTime ? <RelativeTime epochSeconds={session.authTime} /> : "(none)"}</Claim>
          <Claim name="session ends">
            <RelativeTime epochSeconds={session.expiresAt} />
          </Claim>
        </dl>
      </section>

      <RevocationCard session={session} />

      <section aria-labelledby="tokens-heading">
        <h2 id="tokens-heading" className="text-lg font-semibold">
          Access tokens for the Accounts API
        </h2>
        <div className="mt-3 grid gap-4 md:grid-cols-2">
          <TokenCard title="Everyday token" token={session.accessToken} testId="everyday-token" now={now} />
          <TokenCard
            title="Single-use transfer token"
            token={session.transferToken && { ...session.transferToken, value: await peekSessionTransferToken(session) }}
            testId="transfer-token-card"
            now={now}
          />
        </div>
      </section>

      <section className="card" aria-labelledby="routes-heading">
        <h2 id="routes-heading" className="text-lg font-semibold">
          Route policies, checked against this session
        </h2>
        {/* On a phone each route becomes a small card (reflow-table): no sideways scrolling, no squeezed column. */}
        <div className="mt-3">
          <table className="reflow-table w-full text-left text-sm">
            <caption className="sr-only">Whether your session satisfies each protected route, and for how long</caption>
            <thead>
              <tr className="border-b border-slate-200 dark:border-slate-700">
                <th scope="col" className="py-2 pr-4">
                  Route
                </th>
                <th scope="col" className="py-2 pr-4">
                  Needs
                </th>
                <th scope="col" className="py-2 pr-4">
                  Your session
                </th>
                <th scope="col" className="py-2">
                  Holds for
                </th>
              </tr>
            </thead>
            <tbody>
              {standings.map(({ policy, verdict, satisfiedUntil }) => (
                <tr
                  key={policy.path}
                  className="border-b border-slate-100 last:border-0 dark:border-slate-800"
                  data-testid={`policy-${policy.path.slice(1).replaceAll("/", "-")}`}
                >
                  <th scope="row" className="py-2 pr-4 font-mono font-medium">
                    <a href={policy.path}>{policy.path}</a>
                  </th>
                  <td className="py-2 pr-4" data-label="Needs">
                    {[
                      "sign-in",
                      policy.apiAccess ? "API token" : undefined,
                      policy.mfa ? `second factor${policy.maxAgeSeconds ? ` ≤ ${Math.round(policy.maxAgeSeconds / 60)} min old` : ""}` : undefined,
                      policy.transferToken ? "single-use transfer:funds token" : undefined,
                      policy.transferApproval && config().profile.rar ? "approved for the waiting transfer (RFC 9396)" : undefined,
                    ]
                      .filter(Boolean)
                      .join(", ")}
                  </td>
                  <td className="py-2 pr-4" data-label="Your session">
                    {verdict.ok ? (
                      <span className="badge badge-ok">satisfied</span>
                    ) : (
                      <span className="badge badge-short rounded-md">needs {SHORTFALL_TEXT[verdict.reason]}</span>
                    )}
                  </td>
                  <td className="py-2 sm:whitespace-nowrap" data-label="Holds for">
                    {!verdict.ok ? (
                      "—"
                    ) : satisfiedUntil ? (
                      <Countdown untilEpochSeconds={satisfiedUntil} serverNow={now} refreshAtZero />
                    ) : (
                      <>
                        until the session ends <RelativeTime epochSeconds={session.expiresAt} />
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
