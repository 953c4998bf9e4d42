/**
 * Sign-in to the user's own Fabrikam Identity pages (device page, passkey settings), outside any client's sign-in:
 * username, password and one-time code on one form, because these pages can approve sign-ins and add passkeys.
 */
import { alert, escapeHtml, page } from "./layout";

export function accountLoginPage(view: { title: string; intro: string; next: "/device" | "/settings"; username?: string; error?: string }): string {
  const described = view.error ? ' aria-describedby="account-error" aria-invalid="true"' : "";
  const codeDescribed = view.error ? ' aria-describedby="account-error code-help" aria-invalid="true"' : ' aria-describedby="code-help"';
  return page(
    view.title,
    `<h1>${escapeHtml(view.title)}</h1>
<p>${escapeHtml(view.intro)}</p>
<p>These pages can approve sign-ins and add passkeys, so they ask for your password and a one-time code.</p>
${alert("account-error", view.error)}
<form method="post" action="/account/login" novalidate>
  <input type="hidden" name="next" value="${escapeHtml(view.next)}">
  <label for="username">Username</label>
  <input id="username" name="username" autocomplete="username" autocapitalize="none" spellcheck="false" required value="${escapeHtml(view.username ?? "")}"${described}>
  <label for="password">Password</label>
  <input id="password" name="password" type="password" autocomplete="current-password" required${described}>
  <label for="code">One-time code</label>
  <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" required${codeDescribed}>
  <p id="code-help">The 6-digit code from your authenticator app.</p>
  <button class="primary" type="submit">Sign in</button>
</form>`,
  );
}

/** The small "signed in as … · Sign out" bar of the account pages. */
export function accountBar(username: string): string {
  return `<div class="account-bar"><span>Signed in as <strong>${escapeHtml(username)}</strong></span>
<form method="post" action="/account/logout"><button class="link" type="submit">Sign out</button></form></div>`;
}
