/**
 * Figure 5a: first-load JavaScript per route, gzipped, from the production build: the root main files plus the
 * chunks of the page and of every layout, loading, error and not-found segment on its path
 * (.next/app-build-manifest.json), each file gzipped here (level 9, as Next's own size report does).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

export interface PageWeight {
  route: string;
  /** Gzipped bytes of first-load JS. */
  gzipBytes: number;
  files: number;
}

interface Manifest {
  pages: Record<string, string[]>;
}

/** First-load JS per page route (bench-only pages left out), smallest first. */
export function pageWeights(root: string): PageWeight[] {
  const next = join(root, ".next");
  const app = JSON.parse(readFileSync(join(next, "app-build-manifest.json"), "utf8")) as Manifest;
  const build = JSON.parse(readFileSync(join(next, "build-manifest.json"), "utf8")) as { rootMainFiles: string[] };
  const sizes = new Map<string, number>();
  const gzipped = (file: string) => {
    let size = sizes.get(file);
    if (size === undefined) {
      size = gzipSync(readFileSync(join(next, file)), { level: 9 }).length;
      sizes.set(file, size);
    }
    return size;
  };

  return Object.keys(app.pages)
    .filter((entry) => entry.endsWith("/page") && !entry.startsWith("/_") && !entry.startsWith("/bench/"))
    .map((entry) => {
      const route = entry.slice(0, -"/page".length) || "/";
      // Every segment prefix of the route: "", "/salary" for /salary.
      const segments = route === "/" ? [""] : route.split("/").map((_, i, parts) => parts.slice(0, i + 1).join("/"));
      const entries = [entry, ...segments.flatMap((s) => ["layout", "loading", "error", "not-found"].map((kind) => `${s}/${kind}`))];
      const files = new Set<string>(build.rootMainFiles);
      for (const name of entries) for (const file of app.pages[name] ?? []) files.add(file);
      const js = [...files].filter((file) => file.endsWith(".js"));
      return { route, gzipBytes: js.reduce((sum, file) => sum + gzipped(file), 0), files: js.length };
    })
    .sort((a, b) => a.gzipBytes - b.gzipBytes || a.route.localeCompare(b.route));
}
