/** Page 1 of sign-in: username and password. */
import { alert, escapeHtml, page } from "./layout";

export interface LoginView {
  uid: string;
  clientName: string;
  username?: string;
  error?: string;
  /** Why the user signs in again although a session exists (prompt=login, max_age). */
  notice?: string;
}

export function loginPage(view: LoginView): string {
  const uid = encodeURIComponent(view.uid);
  const described = view.error ? ' aria-describedby="login-error" aria-invalid="true"' : "";
  return page(
    "Sign in",
    `<h1>Sign in</h1>
<p>to continue to <strong>${escapeHtml(view.clientName)}</strong></p>
${view.notice ? `<p class="why">${escapeHtml(view.notice)}</p>` : ""}
${alert("login-error", view.error)}
<form method="post" action="/interaction/${uid}/login" novalidate>
  <label for="username">Username</label>
  <input id="username" name="username" autocomplete="username" autocapitalize="none" spellcheck="false" required value="${escapeHtml(view.username ?? "")}"${view.username ? "" : " autofocus"}${described}>
  <label for="password">Password</label>
  <input id="password" name="password" type="password" autocomplete="current-password" required${view.username ? " autofocus" : ""}${described}>
  <button class="primary" type="submit">Continue</button>
</form>
${cancelForm(view.uid)}`,
  );
}

/** The "Cancel" button: ends the interaction with access_denied. A quiet link-like action, set apart, so it does not read as one more way to verify. */
export function cancelForm(uid: string): string {
  return `<form class="cancel" method="post" action="/interaction/${encodeURIComponent(uid)}/abort">
  <button type="submit">Cancel</button>
</form>`;
}
