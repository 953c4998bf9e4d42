/** The sign-in page while a push request waits on the user's Fabrikam Verify device page. */

import { approvalBlock } from "./approval";
import { factorChoice } from "./factor-choice";
import { alert, escapeHtml, page } from "./layout";
import { cancelForm } from "./login";

export interface PushWaitView {
  uid: string;
  username: string;
  why: string;
  /** What the approval approves ("Send $3.21 from … to …"), when the sign-in carries a transfer. */
  approval?: string;
  /** Number matching: the number to type on the device, while the request waits. */
  number?: number;
  /** The request can no longer be approved (denied, expired): offer a new one. */
  error?: string;
  notice?: string;
}

export function pushWaitPage(view: PushWaitView): string {
  const uid = encodeURIComponent(view.uid);
  const waiting = !view.error;
  // Number matching: shown big, outside the live region, so it is read once and not re-announced.
  const match =
    view.number === undefined
      ? ""
      : `<p class="match" id="push-number">Number to match: <strong>${escapeHtml(String(view.number))}</strong></p>
<p>Type this number on your Fabrikam Verify device to approve.</p>
`;
  return page(
    "Approve on Fabrikam Verify",
    `<h1>Approve on Fabrikam Verify</h1>
<p class="why">${escapeHtml(view.why)}</p>
${approvalBlock(view.approval)}
<p>Signed in as <strong>${escapeHtml(view.username)}</strong>.</p>
${alert("push-error", view.error)}
${
  waiting
    ? `${match}<div class="waiting" id="push-status" role="status" aria-live="polite" data-status-url="/interaction/${uid}/push/status">
  <span class="spinner" aria-hidden="true"></span>
  <span>${escapeHtml(view.notice ?? "We sent a sign-in request to your Fabrikam Verify device. Approve it there with the number above; this page continues by itself.")}</span>
</div>
<p>No phone here? Open <a href="/device" target="_blank" rel="noopener">your Fabrikam Verify device page</a> in another tab (opens in a new tab).</p>
<form method="post" action="/interaction/${uid}/push/complete" id="push-complete">
  <button class="primary" type="submit">I approved it — continue</button>
</form>
<script src="/static/push-wait.js" defer></script>`
    : `<form method="post" action="/interaction/${uid}/push">
  <button class="primary" type="submit">Send a new request</button>
</form>`
}
${factorChoice(view.uid, "push")}
${cancelForm(view.uid)}`,
  );
}
