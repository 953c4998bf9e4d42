/** Passkey pages: the second factor on the sign-in page, and enrolment on the settings page. */
import type { StoredPasskey } from "../factors/passkeys";
import { accountBar } from "./account-login";
import { approvalBlock } from "./approval";
import { factorChoice } from "./factor-choice";
import { alert, escapeHtml, page } from "./layout";
import { cancelForm } from "./login";

// JSON inside <script type="application/json"> must not be able to close the element.
function jsonData(id: string, value: unknown): string {
  return `<script type="application/json" id="${escapeHtml(id)}">${JSON.stringify(value).replace(/</g, "\\u003c")}</script>`;
}

export function passkeySignInPage(view: { uid: string; username: string; why: string; approval?: string; options?: unknown; error?: string }): string {
  const uid = encodeURIComponent(view.uid);
  const body = view.options
    ? `<p>Use the passkey you added to your Fabrikam account: your device will ask for your fingerprint, face, PIN or security key.</p>
${jsonData("passkey-options", view.options)}
<form method="post" action="/interaction/${uid}/passkey" data-webauthn="authenticate" data-options="passkey-options">
  <input type="hidden" name="response">
  <button class="primary" type="submit" disabled>Use passkey</button>
</form>
<p class="webauthn-error alert" role="alert" hidden></p>
<script src="/static/simplewebauthn-browser.js" defer></script>
<script src="/static/passkey.js" defer></script>`
    : `<p>You have no passkey yet. Add one on <a href="/settings" target="_blank" rel="noopener">your Fabrikam account's passkey settings</a> (opens in a new tab), then <a href="/interaction/${uid}/passkey">try again</a>.</p>`;
  return page(
    "Use a passkey",
    `<h1>Use a passkey</h1>
<p class="why">${escapeHtml(view.why)}</p>
${approvalBlock(view.approval)}
<p>Signed in as <strong>${escapeHtml(view.username)}</strong>.</p>
${alert("passkey-error", view.error)}
${body}
${factorChoice(view.uid, "passkey")}
${cancelForm(view.uid)}`,
  );
}

function passkeyRow(passkey: StoredPasskey, index: number): string {
  const kind = passkey.amr === "hwk" ? "device-bound (amr hwk)" : "synced (amr swk)";
  const remove = `<form method="post" action="/settings/passkeys/${encodeURIComponent(passkey.credential.id)}/remove" class="inline">
  <button type="submit" aria-label="Remove passkey ${index + 1}">Remove</button>
</form>`;
  return `<li><strong>Passkey ${index + 1}</strong> — ${kind}, added ${escapeHtml(new Date(passkey.createdAt * 1000).toUTCString())} ${remove}</li>`;
}

export function passkeySettingsPage(view: { username: string; passkeys: readonly StoredPasskey[]; options: unknown; error?: string; notice?: string }): string {
  const list = view.passkeys.length ? `<ul class="passkeys">${view.passkeys.map(passkeyRow).join("")}</ul>` : `<p class="empty">No passkeys yet.</p>`;
  return page(
    "Passkeys",
    `${accountBar(view.username)}
<h1>Passkeys</h1>
<p>A passkey can be your second factor when an application asks for one. It stays on your device; Fabrikam Identity keeps only its public key.</p>
${view.notice ? `<p class="success" role="status">${escapeHtml(view.notice)}</p>` : ""}
${alert("passkey-error", view.error)}
<h2>Your passkeys</h2>
${list}
${jsonData("registration-options", view.options)}
<form method="post" action="/settings/passkeys" data-webauthn="register" data-options="registration-options">
  <input type="hidden" name="response">
  <button class="primary" type="submit" disabled>Add a passkey</button>
</form>
<p class="webauthn-error alert" role="alert" hidden></p>
<p>“Device-bound” or “synced” is what each passkey reports about itself. This development provider asks for no attestation, so it does not prove that a device-bound key is kept in hardware; it reports such a key as <code>hwk</code> and a synced one as <code>swk</code>.</p>
<p>Passkeys are kept in memory by this development provider: restarting it forgets them.</p>
<h2>Every application</h2>
<p>Lost a device, or signed in somewhere you should not have? This ends your sessions here and in every application that listens to Fabrikam Identity's security events.</p>
<form method="post" action="/settings/sign-out-everywhere">
  <button type="submit">Sign out of every application</button>
</form>
<script src="/static/simplewebauthn-browser.js" defer></script>
<script src="/static/passkey.js" defer></script>`,
  );
}
