/** Fabrikam Verify: the "phone app" that approves or denies sign-ins waiting for a push approval. */
import type { PushRequest } from "../factors/push";
import { accountBar } from "./account-login";
import { approvalBlock } from "./approval";
import { alert, escapeHtml, page } from "./layout";

/** A one-line outcome shown above the list: a status, or an alert when something was refused. */
export interface DeviceNotice {
  readonly text: string;
  readonly tone: "success" | "alert";
}

function requestCard(request: PushRequest, now: number): string {
  const id = escapeHtml(request.id);
  const path = encodeURIComponent(request.id);
  const age = Math.max(0, now - request.createdAt);
  // The buttons are described by their card's heading, which says when it was requested: it tells cards apart.
  const heading = `request-${id}`;
  return `<li class="request" data-request-id="${id}">
<h2 id="${heading}">${escapeHtml(request.clientName)} wants to sign you in <span class="meta">(requested ${age < 5 ? "just now" : `${age} seconds ago`})</span></h2>
<p class="why">${escapeHtml(request.why)}</p>
${approvalBlock(request.approval, "h3")}
<p class="meta" id="${heading}-help">Approve only if you started this sign-in: type the number its page shows. A wrong number denies it.</p>
<label for="number-${id}">Number shown on the sign-in screen</label>
<input id="number-${id}" name="number" form="approve-${id}" inputmode="numeric" pattern="[0-9]*" maxlength="2" autocomplete="off" required aria-describedby="${heading}-help">
<div class="actions">
  <form id="approve-${id}" method="post" action="/device/requests/${path}/approve"><button class="primary" type="submit" aria-describedby="${heading}">Approve</button></form>
  <form method="post" action="/device/requests/${path}/deny"><button class="danger" type="submit" aria-describedby="${heading}">Deny</button></form>
</div>
</li>`;
}

export function devicePage(view: { username: string; requests: PushRequest[]; now: number; notice?: DeviceNotice }): string {
  const list = view.requests.length
    ? `<ul class="requests">${view.requests.map((r) => requestCard(r, view.now)).join("")}</ul>`
    : `<p class="empty">No sign-in is waiting for you. Requests appear here when you choose “Approve with a push notification” while signing in.</p>`;
  const notice = !view.notice
    ? ""
    : view.notice.tone === "alert"
      ? alert("device-notice", view.notice.text)
      : `<p class="success" role="status">${escapeHtml(view.notice.text)}</p>`;
  return page(
    "Fabrikam Verify",
    `${accountBar(view.username)}
<h1>Fabrikam Verify</h1>
<p>This page plays the part of the Fabrikam Verify app on your phone.</p>
${notice}
<section aria-label="Waiting sign-in requests" id="device-requests" data-poll-url="/device/requests.json" data-ids="${escapeHtml(view.requests.map((r) => r.id).join(","))}">
${list}
</section>
<script src="/static/device.js" defer></script>`,
    { variant: "device" },
  );
}
