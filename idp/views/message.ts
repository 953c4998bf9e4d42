/** A plain message page (expired sign-in, bad request) — never a stack trace. */
import { escapeHtml, page } from "./layout";

export function messagePage(title: string, message: string): string {
  return page(title, `<h1>${escapeHtml(title)}</h1>\n<p role="alert">${escapeHtml(message)}</p>`);
}
