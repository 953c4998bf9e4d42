/** "Other ways to verify": switches between the second factors. The code form stays the default page. */
import { escapeHtml } from "./layout";

export type FactorName = "otp" | "push" | "passkey";

/** Links/buttons to the factors other than `current`. Push is a POST: choosing it sends a request to the device. */
export function factorChoice(uid: string, current: FactorName): string {
  const base = `/interaction/${encodeURIComponent(uid)}`;
  const options: string[] = [];
  if (current !== "otp") options.push(`<li><a class="choice" href="${escapeHtml(base)}">Enter a one-time code</a></li>`);
  if (current !== "push") {
    options.push(
      `<li><form method="post" action="${escapeHtml(base)}/push"><button class="choice" type="submit">Approve with a push notification</button></form></li>`,
    );
  }
  if (current !== "passkey") options.push(`<li><a class="choice" href="${escapeHtml(base)}/passkey">Use a passkey</a></li>`);
  return `<nav aria-labelledby="other-factors" class="factors">
<h2 id="other-factors">Other ways to verify</h2>
<ul>${options.join("")}</ul>
</nav>`;
}
