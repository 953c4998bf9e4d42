/** GET / : the demo users with their passwords and TOTP QR codes. */
import { escapeHtml, page } from "./layout";

export interface HomeUser {
  username: string;
  password: string;
  name: string;
  totpSecret: string;
  qrSvg: string;
}

export function homePage(issuer: string, users: HomeUser[]): string {
  // One card per user, so the QR code wraps under the credentials on a phone instead of widening a table.
  const cards = users
    .map(
      (user) => `<li class="user">
  <div>
    <h2>${escapeHtml(user.username)} <span class="meta">${escapeHtml(user.name)}</span></h2>
    <dl>
      <dt>Password</dt><dd><code>${escapeHtml(user.password)}</code></dd>
      <dt>TOTP secret</dt><dd><code>${escapeHtml(user.totpSecret)}</code></dd>
    </dl>
  </div>
  <div class="qr" role="img" aria-label="QR code for ${escapeHtml(user.username)}'s authenticator secret">${user.qrSvg}</div>
</li>`,
    )
    .join("\n");
  return page(
    "Demo users",
    `<h1>Fabrikam Identity (development)</h1>
<p>This OpenID Provider stands in for Auth0. Issuer: <code>${escapeHtml(issuer)}</code> · <a href="/.well-known/openid-configuration">discovery document</a></p>
<p>Scan a QR code with an authenticator app to get that user's one-time codes. The other second factors:
<a href="/device">Fabrikam Verify</a> approves push sign-ins (open it in another tab or on a phone), and
<a href="/settings">passkey settings</a> adds a passkey.</p>
<ul class="users" aria-label="Demo users">
${cards}
</ul>`,
    { wide: true },
  );
}
