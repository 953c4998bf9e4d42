/**
 * The page shell of "Fabrikam Identity" (the dev IdP's universal login) and
 * the HTML escaping every view uses.
 */

/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

const STYLES = `
:root{color-scheme:light;--ink:#1f2933;--muted:#52606d;--brand:#3b2f8f;--brand-ink:#fff;--line:#d9dee5;--bg:#f4f5fb;--error:#a61b1b}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
header{padding:1rem 1.5rem;background:var(--brand);color:var(--brand-ink);font-weight:600;letter-spacing:.02em}
main{max-width:26rem;margin:2.5rem auto;padding:2rem;background:#fff;border:1px solid var(--line);border-radius:.75rem;box-shadow:0 1px 3px rgba(0,0,0,.06)}
main.wide{max-width:44rem}
h1{font-size:1.4rem;margin:0 0 .5rem}
p{margin:.5rem 0 1rem;color:var(--muted)}
label{display:block;font-weight:600;margin:1rem 0 .25rem}
input{width:100%;padding:.6rem .7rem;font:inherit;border:1px solid #9aa5b1;border-radius:.4rem}
input:focus-visible,button:focus-visible,a:focus-visible{outline:3px solid #8b7cf6;outline-offset:2px}
button{font:inherit;font-weight:600;padding:.65rem 1rem;border-radius:.4rem;border:1px solid var(--brand);cursor:pointer}
button.primary{background:var(--brand);color:var(--brand-ink);width:100%;margin-top:1.25rem}
button.secondary{background:#fff;color:var(--brand);width:100%;margin-top:.5rem}
.alert{padding:.75rem 1rem;border-radius:.4rem;background:#fdecec;color:var(--error);border:1px solid #f5c2c2;font-weight:600}
.why{padding:.75rem 1rem;border-radius:.4rem;background:#eef0ff;border:1px solid #cfd3ff;color:var(--ink)}
details{margin-top:1.25rem}
summary{cursor:pointer;font-weight:600}
code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;background:#f0f2f5;padding:.1rem .3rem;border-radius:.25rem;word-break:break-all}
.qr svg{width:12rem;height:12rem;display:block;margin:.5rem 0}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.5rem;border-bottom:1px solid var(--line);vertical-align:top}
footer{text-align:center;color:var(--muted);font-size:.85rem;margin-bottom:2rem}
`;

/** Wraps already-safe body HTML in the Fabrikam Identity page. `title` is escaped here. */
export function page(title: string, body: string, options: { wide?: boolean } = {}): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)} · Fabrikam Identity</title>
<style>${STYLES}</style>
</head>
<body>
<header>Fabrikam Identity</header>
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
