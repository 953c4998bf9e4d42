/** RP-initiated logout pages: the confirmation submits itself, so sign-out is one click in the app. */
import { escapeHtml, page } from "./layout";

/** `form` is oidc-provider's own hidden form (id "op.logoutForm") carrying the xsrf token. */
export function logoutPage(form: string): string {
  return page(
    "Signing out",
    `<h1>Signing out…</h1>
${form}
<p>If nothing happens, press the button.</p>
<button class="primary" id="logout-yes" type="submit" form="op.logoutForm" name="logout" value="yes">Sign out</button>
<script src="/static/logout.js" defer></script>`,
  );
}

export function loggedOutPage(clientName: string | undefined): string {
  const from = clientName ? ` from ${escapeHtml(clientName)}` : "";
  return page("Signed out", `<h1>Signed out</h1>\n<p>You have signed out${from}. You can close this window.</p>`);
}
