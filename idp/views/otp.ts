/** Page 2 of sign-in: the one-time code, with how to get one. */

import { approvalBlock } from "./approval";
import { factorChoice } from "./factor-choice";
import { alert, escapeHtml, page } from "./layout";
import { cancelForm } from "./login";

export interface OtpView {
  uid: string;
  username: string;
  /** One sentence saying why a second factor is asked. */
  why: string;
  /** What the code approves ("Send $3.21 from … to …"), when the sign-in carries a transfer. */
  approval?: string;
  totpSecret: string;
  /** Inline SVG produced by the qrcode package from the otpauth:// URI. */
  qrSvg: string;
  error?: string;
}

export function otpPage(view: OtpView): string {
  const uid = encodeURIComponent(view.uid);
  const described = view.error ? "otp-error otp-help" : "otp-help";
  return page(
    "Verify it's you",
    `<h1>Verify it's you</h1>
<p class="why">${escapeHtml(view.why)}</p>
${approvalBlock(view.approval)}
<p>Signed in as <strong>${escapeHtml(view.username)}</strong>.</p>
${alert("otp-error", view.error)}
<form method="post" action="/interaction/${uid}/otp" novalidate>
  <label for="code">One-time code</label>
  <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" required autofocus aria-describedby="${described}"${view.error ? ' aria-invalid="true"' : ""}>
  <p id="otp-help">Enter the 6-digit code from your authenticator app.</p>
  <button class="primary" type="submit">Verify</button>
</form>
${factorChoice(view.uid, "otp")}
${cancelForm(view.uid)}
<details>
  <summary>No code yet? Set up an authenticator app</summary>
  <p>Scan this QR code with an authenticator app (Google Authenticator, Microsoft Authenticator, 1Password, …), or type in the secret.</p>
  <div class="qr" role="img" aria-label="QR code for ${escapeHtml(view.username)}'s authenticator secret">${view.qrSvg}</div>
  <p>Secret (base32): <code>${escapeHtml(view.totpSecret)}</code></p>
</details>`,
  );
}
