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
  const rows = users
    .map(
      (user) => `<tr>
  <td><strong>${escapeHtml(user.username)}</strong><br>${escapeHtml(user.name)}</td>
  <td><code>${escapeHtml(user.password)}</code></td>
  <td><code>${escapeHtml(user.totpSecret)}</code><div class="qr" role="img" aria-label="QR code for ${escapeHtml(user.username)}'s authenticator secret">${user.qrSvg}</div></td>
</tr>`,
    )
    .join("\n");
  return page(
    "Demo users",
    `<h1>Fabrikam Identity (development)</h1>
<p>This OpenID Provider stands in for Auth0. Issuer: <code>${escapeHtml(issuer)}</code> · <a href="/.well-known/openid-configuration">discovery document</a></p>
<p>Scan a QR code with an authenticator app to get that user's one-time codes.</p>
<table>
<thead><tr><th scope="col">User</th><th scope="col">Password</th><th scope="col">TOTP secret</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`,
    { wide: true },
  );
}
