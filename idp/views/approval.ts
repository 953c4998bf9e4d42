/** What a second factor approves, shown on every second-factor page and on the device (dynamic linking). */
import { escapeHtml } from "./layout";

/**
 * The approval sentence in its own box; empty when the sign-in approves no transfer. `heading` is the level that
 * fits the page's outline (a device card already has an h2).
 */
export function approvalBlock(approval: string | undefined, heading: "h2" | "h3" = "h2"): string {
  if (!approval) return "";
  return `<section class="approval" aria-label="What you are approving">
<${heading}>You are approving</${heading}>
<p data-testid="approval-details">${escapeHtml(approval)}</p>
</section>`;
}
