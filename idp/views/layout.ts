/**
 * The page shell of "Fabrikam Identity" (the dev IdP's universal login) and
 * the HTML escaping every view uses.
 */

/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/** The stylesheet inlined in every page (allowed by its hash in the IdP's CSP). */
export const STYLES = `
:root{color-scheme:light dark;--ink:#1f2933;--muted:#4b5563;--brand:#3b2f8f;--brand-ink:#fff;--accent:#6d5bd0;--line:#d9dee5;--bg:#f4f3fb;--panel:#fff;--field:#fff;--field-line:#7b8794;--error:#a61b1b;--error-bg:#fdecec;--error-line:#f5c2c2;--why:#eef0ff;--why-line:#cfd3ff;--ok:#065f46;--ok-bg:#ecfdf5;--code:#f0f2f5;--link:#3b2f8f}
@media (prefers-color-scheme:dark){:root{--ink:#e5e7eb;--muted:#c2c7d0;--brand:#2a2166;--brand-ink:#fff;--accent:#a99cf5;--line:#3a3f4b;--bg:#111217;--panel:#1b1d24;--field:#111217;--field-line:#8d95a3;--error:#fecaca;--error-bg:#4c1515;--error-line:#7f1d1d;--why:#25224a;--why-line:#463f8a;--ok:#a7f3d0;--ok-bg:#053b2c;--code:#2a2d36;--link:#c4b8ff}}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
header{display:flex;align-items:center;gap:.6rem;padding:1rem 1.5rem;background:var(--brand);color:var(--brand-ink);font-weight:600;letter-spacing:.02em}
header .origin{margin-left:auto;font-weight:400;font-size:.85rem;opacity:.9}
header svg{width:1.6rem;height:1.6rem}
main{max-width:27rem;margin:2.5rem auto;padding:2rem;background:var(--panel);border:1px solid var(--line);border-radius:.9rem;box-shadow:0 10px 30px rgba(30,20,80,.08)}
main.wide{max-width:44rem}
@media (max-width:32rem){main{margin:0;border-radius:0;border-width:0 0 1px;padding:1.5rem 1.25rem}}
h1{font-size:1.45rem;margin:0 0 .5rem}
h2{font-size:1.05rem;margin:1.25rem 0 .5rem}
p{margin:.5rem 0 1rem;color:var(--muted)}
a{color:var(--link)}
label{display:block;font-weight:600;margin:1rem 0 .25rem}
input{width:100%;padding:.6rem .7rem;font:inherit;color:var(--ink);background:var(--field);border:1px solid var(--field-line);border-radius:.4rem}
input:focus-visible,button:focus-visible,a:focus-visible,summary:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
button{font:inherit;font-weight:600;padding:.65rem 1rem;border-radius:.4rem;border:1px solid var(--brand);cursor:pointer}
button.primary{background:#3b2f8f;color:#fff;border-color:#3b2f8f;width:100%;margin-top:1.25rem}
button.secondary{background:transparent;color:var(--link);border-color:var(--field-line);width:100%;margin-top:.5rem}
.cancel{margin-top:1.5rem;padding-top:1rem;border-top:1px solid var(--line);text-align:center}
.cancel button{background:none;border:0;padding:.25rem .5rem;color:var(--muted);font-weight:400;text-decoration:underline}
button.danger{background:transparent;color:var(--error);border-color:var(--error);width:100%;margin-top:1.25rem}
button.link{background:none;border:0;padding:0;color:var(--link);text-decoration:underline;font-weight:400}
.alert{padding:.75rem 1rem;border-radius:.4rem;background:var(--error-bg);color:var(--error);border:1px solid var(--error-line);font-weight:600}
.success{padding:.75rem 1rem;border-radius:.4rem;background:var(--ok-bg);color:var(--ok);font-weight:600}
.why{padding:.75rem 1rem;border-radius:.4rem;background:var(--why);border:1px solid var(--why-line);color:var(--ink)}
.approval{padding:.75rem 1rem;border-radius:.5rem;border:2px solid var(--accent);margin:0 0 1rem}
.approval h2,.approval h3{margin:0 0 .25rem;font-size:.85rem;text-transform:uppercase;letter-spacing:.06em;color:var(--muted)}
.approval p{margin:0;color:var(--ink);font-weight:600;overflow-wrap:anywhere}
.factors{margin-top:1.5rem;border-top:1px solid var(--line);padding-top:.5rem}
.factors h2{font-size:.9rem;text-transform:uppercase;letter-spacing:.06em;color:var(--muted)}
.factors ul{list-style:none;margin:0;padding:0;display:grid;gap:.5rem}
.factors form{margin:0}
.choice{display:block;width:100%;text-align:left;padding:.6rem .9rem;border:1px solid var(--line);border-radius:.5rem;background:transparent;color:var(--link);font-weight:600;text-decoration:none}
.choice:hover{border-color:var(--accent)}
.match{display:flex;flex-wrap:wrap;align-items:baseline;gap:.25rem .75rem;padding:.75rem 1rem;border-radius:.5rem;background:var(--why);border:1px solid var(--why-line);color:var(--ink);font-weight:600}
.match strong{font-size:2.5rem;line-height:1.1;letter-spacing:.08em;font-variant-numeric:tabular-nums}
.waiting{display:flex;gap:.75rem;align-items:center;padding:.9rem 1rem;border-radius:.5rem;border:1px dashed var(--accent)}
.spinner{flex:none;width:1.1rem;height:1.1rem;border-radius:50%;border:3px solid var(--line);border-top-color:var(--accent);animation:spin 1s linear infinite}
@keyframes spin{to{transform:rotate(1turn)}}
@media (prefers-reduced-motion:reduce){.spinner{animation:none}}
.account-bar{display:flex;justify-content:space-between;gap:1rem;font-size:.9rem;color:var(--muted);margin-bottom:1rem}
.account-bar form{margin:0}
.requests,.passkeys{list-style:none;padding:0;margin:0;display:grid;gap:1rem}
.request{border:1px solid var(--line);border-radius:.6rem;padding:1rem}
.request h2{margin-top:0}
.request .actions{display:grid;grid-template-columns:1fr 1fr;gap:.75rem}
.meta,.empty{font-size:.9rem}
details{margin-top:1.25rem}
summary{cursor:pointer;font-weight:600}
code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;background:var(--code);padding:.1rem .3rem;border-radius:.25rem;overflow-wrap:anywhere}
.qr svg{width:12rem;height:12rem;display:block;margin:.5rem 0;background:#fff;padding:.25rem;border-radius:.25rem}
.users{list-style:none;padding:0;margin:0;display:grid;gap:1rem}
.user{display:flex;flex-wrap:wrap;justify-content:space-between;gap:0 1rem;border:1px solid var(--line);border-radius:.6rem;padding:1rem}
.user h2{margin:0}
.user h2 .meta{font-weight:400;color:var(--muted)}
.user dl{margin:.5rem 0 0}
.user dt{font-size:.85rem;color:var(--muted)}
.user dd{margin:0 0 .5rem}
footer{text-align:center;color:var(--muted);font-size:.85rem;margin:0 1rem 2rem}
`;

/** Wraps already-safe body HTML in the Fabrikam Identity page. `title` is escaped here. */
export function page(title: string, body: string, options: { wide?: boolean; variant?: "login" | "device" } = {}): string {
  const product = options.variant === "device" ? "Fabrikam Verify" : "Fabrikam Identity";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
<title>${escapeHtml(title)} · ${product}</title>
<style>${STYLES}</style>
</head>
<body>
<header><svg aria-hidden="true" viewBox="0 0 24 24"><path fill="currentColor" d="M12 2 4 5v6c0 5 3.4 9.4 8 11 4.6-1.6 8-6 8-11V5z" opacity=".9"/><path fill="#3b2f8f" d="m10.6 15.6-3.3-3.3 1.4-1.4 1.9 1.9 4.7-4.7 1.4 1.4z"/></svg><span>${product}</span><span class="origin">identity provider · a different site from the intranet</span></header>
<main${options.wide ? ' class="wide"' : ""}>
${body}
</main>
<footer>Development identity provider of the Fabrikam Intranet demo. Do not use real passwords.</footer>
</body>
</html>`;
}

/** An error message announced to screen readers; empty when there is none. */
export function alert(id: string, message: string | undefined): string {
  return message ? `<p class="alert" id="${escapeHtml(id)}" role="alert">${escapeHtml(message)}</p>` : "";
}
