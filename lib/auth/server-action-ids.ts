import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";

/** Each server action's id, with the pages that carry it ("/transfer", "/" …). */
export type ServerActions = ReadonlyMap<string, readonly RegExp[]>;

/**
 * The app's server actions, from the manifest Next.js writes at build time (and rewrites as `next dev` compiles).
 * Next.js answers a plain form post naming an id it lacks, or one the posted page does not carry, with a 500, so the
 * page-request guard asks here first. Undefined while there is no manifest to read (a dev server before its first
 * compile).
 */
export function serverActions(
  // Where next.config.js builds (NEXT_DIST_DIR for the e2e suite's dev server, else .next).
  manifest = join(process.cwd(), process.env.NEXT_DIST_DIR || ".next", "server", "server-reference-manifest.json"),
): ServerActions | undefined {
  let modified: number;
  try {
    modified = statSync(manifest).mtimeMs;
  } catch {
    return undefined;
  }
  // Read again only when the file changed: a production build never rewrites it, `next dev` does per compile.
  if (cached?.path !== manifest || cached.modified !== modified) {
    try {
      const parsed = JSON.parse(readFileSync(manifest, "utf8")) as { node?: Record<string, { workers?: Record<string, unknown> }> };
      const actions = new Map(Object.entries(parsed.node ?? {}).map(([id, entry]) => [id, Object.keys(entry.workers ?? {}).flatMap(pagePattern)]));
      cached = { path: manifest, modified, actions };
    } catch {
      return undefined;
    }
  }
  return cached.actions;
}

/** Whether the page at `pathname` carries action `id`. */
export function pageCarries(actions: ServerActions, id: string, pathname: string): boolean {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, "") : pathname;
  return (actions.get(id) ?? []).some((page) => page.test(path));
}

let cached: { path: string; modified: number; actions: ServerActions } | undefined;

// "app/transfer/(form)/page" → /transfer; route groups vanish, [param] and [...rest] match segments. Route
// handlers ("…/route") carry no form actions.
function pagePattern(worker: string): RegExp[] {
  const page = /^app(.*)\/page$/.exec(worker)?.[1];
  if (page === undefined) return [];
  const segments = page.split("/").filter((segment) => segment !== "" && !/^\(.*\)$/.test(segment));
  const source = segments
    .map((segment) => {
      if (/^\[\[?\.\.\.[^\]]+\]\]?$/.test(segment)) return "(?:/.+)?";
      if (/^\[[^\]]+\]$/.test(segment)) return "/[^/]+";
      return `/${segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`;
    })
    .join("");
  return [new RegExp(`^${source || "/"}$`)];
}
