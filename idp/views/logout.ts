/**
 * RP-initiated logout pages. A logout the relying party started (idp/logout-intent.ts) submits itself, so signing out
 * of the intranet is one click; any other request to the end-session endpoint (a link on any site) asks first.
 */
import { escapeHtml, page } from "./layout";

export interface LogoutView {
  /** oidc-provider's own hidden form (id "op.logoutForm") carrying the xsrf token. */
  form: string;
  /** The relying party started this logout for the current session: submit without asking. */
  autoSubmit: boolean;
  /** The client named by the request, when there is one. */
  clientName?: string;
}

export function logoutPage(view: LogoutView): string {
  if (view.autoSubmit) {
    return page(
      "Signing out",
      `<h1>Signing out…</h1>
${view.form}
<p>If nothing happens, press the button.</p>
<button class="primary" id="logout-yes" type="submit" form="op.logoutForm" name="logout" value="yes">Sign out</button>
<script src="/static/logout.js" defer></script>`,
    );
  }
  const named = view.clientName ? ` (it named ${escapeHtml(view.clientName)})` : "";
  // Without `logout=yes` oidc-provider keeps the session; it only ends the named client's part in it.
  return page(
    "Sign out?",
    `<h1>Sign out of Fabrikam Identity?</h1>
<p>A link or a page asked to sign you out of Fabrikam Identity${named}. If you did not mean to sign out, stay signed in.</p>
<p>Signing out ends your Fabrikam Identity session: every application will ask for your password again.</p>
${view.form}
<button class="primary" type="submit" form="op.logoutForm" name="logout" value="yes">Sign out</button>
<button class="secondary" type="submit" form="op.logoutForm">Stay signed in</button>`,
  );
}

/** After the confirmation: `signedIn` when the person chose to stay signed in to Fabrikam Identity. */
export function loggedOutPage(clientName: string | undefined, signedIn: boolean): string {
  if (signedIn) {
    return page(
      "Still signed in",
      `<h1>You are still signed in</h1>\n<p role="status">You stayed signed in to Fabrikam Identity. You can close this window.</p>`,
    );
  }
  const from = clientName ? ` from ${escapeHtml(clientName)}` : "";
  return page("Signed out", `<h1>Signed out</h1>\n<p role="status">You have signed out${from}. You can close this window.</p>`);
}
