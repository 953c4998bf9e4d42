/** Fabrikam Verify: the "phone app" that approves or denies sign-ins waiting for a push approval. */
import type { PushRequest } from "../factors/push";
import { accountBar } from "./account-login";
import { escapeHtml, page } from "./layout";

function requestCard(request: PushRequest, now: number): string {
  const id = encodeURIComponent(request.id);
  const age = Math.max(0, now - request.createdAt);
  return `<li class="request" data-request-id="${escapeHtml(request.id)}">
<h2>${escapeHtml(request.clientName)} wants to sign you in</h2>
<p class="why">${escapeHtml(request.why)}</p>
<p class="meta">Requested ${age < 5 ? "just now" : `${age} seconds ago`}. Approve only if you started this sign-in.</p>
<div class="actions">
  <form method="post" action="/device/requests/${id}/approve"><button class="primary" type="submit">Approve</button></form>
  <form method="post" action="/device/requests/${id}/deny"><button class="danger" type="submit">Deny</button></form>
</div>
</li>`;
}

export function devicePage(view: { username: string; requests: PushRequest[]; now: number; notice?: string }): string {
  const list = view.requests.length
    ? `<ul class="requests">${view.requests.map((r) => requestCard(r, view.now)).join("")}</ul>`
    : `<p class="empty">No sign-in is waiting for you. Requests appear here when you choose “Approve with a push notification” while signing in.</p>`;
  return page(
    "Fabrikam Verify",
    `${accountBar(view.username)}
<h1>Fabrikam Verify</h1>
<p>This page plays the part of the Fabrikam Verify app on your phone.</p>
${view.notice ? `<p class="success" role="status">${escapeHtml(view.notice)}</p>` : ""}
<section aria-label="Waiting sign-in requests" id="device-requests" data-poll-url="/device/requests.json" data-ids="${escapeHtml(view.requests.map((r) => r.id).join(","))}">
${list}
</section>
<script src="/static/device.js" defer></script>`,
    { variant: "device" },
  );
}
