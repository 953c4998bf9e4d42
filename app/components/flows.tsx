import { config } from "@/lib/config";
import { FlowDiagram, type FlowStep } from "./flow-diagram";

const WEB_LANES = ["You (browser)", "Intranet", "Identity provider"];
// The freshness window is configuration (SALARY_MFA_MAX_AGE): the diagram says what this deployment does.
const webSteps = (maxAge: number): FlowStep[] => [
  { from: 0, to: 1, label: "GET /salary (password-only session)" },
  { from: 1, to: 1, label: `policy: MFA within ${Math.round(maxAge / 60)} min` },
  { from: 1, to: 2, label: `authorize: acr_values=multi-factor, max_age=${maxAge}`, stepUp: true },
  { from: 2, to: 0, label: "second factor: code, push or passkey", stepUp: true },
  { from: 2, to: 1, label: "ID token: acr, amr (e.g. pwd, otp, mfa), auth_time" },
  { from: 1, to: 1, label: "check acr/amr/auth_time were delivered" },
  { from: 1, to: 0, label: "new session, salary shown" },
];

const API_LANES = ["You (browser)", "Intranet", "Identity provider", "Accounts API"];
const API_STEPS: FlowStep[] = [
  { from: 0, to: 1, label: "GET /transfer" },
  { from: 1, to: 2, label: "authorize: scope transfer:funds", stepUp: true },
  { from: 2, to: 0, label: "high-value scope → second factor", stepUp: true },
  { from: 2, to: 1, label: "short-lived access token: transfer:funds" },
  { from: 1, to: 3, label: "POST /transfers (Bearer token)" },
  { from: 3, to: 3, label: "verify scope, MFA, auth_time; use jti once" },
  { from: 3, to: 1, label: "201 — or 401 RFC 9470 challenge", stepUp: true },
];

/** The home page's two flows, one above the other: each needs the full width to stay legible. */
export function Flows() {
  return (
    <div className="grid gap-6">
      <FlowDiagram
        id="flow-web"
        title="Flow 1 — step-up for a web app (salary)"
        description="The intranet sees that the salary page needs a recent second factor, asks the identity provider for it with acr_values and max_age, and checks the acr, amr and auth_time claims of the ID token it gets back before showing the page."
        lanes={WEB_LANES}
        steps={webSteps(config().salaryMfaMaxAge)}
      />
      <FlowDiagram
        id="flow-api"
        title="Flow 2 — step-up for an API (funds transfer)"
        description="The intranet asks for the high-value scope transfer:funds; the identity provider demands a second factor every time; the Accounts API checks the token's scope, multi-factor claims and freshness, and accepts it exactly once, or answers with an RFC 9470 challenge that starts another step-up."
        lanes={API_LANES}
        steps={API_STEPS}
      />
    </div>
  );
}
