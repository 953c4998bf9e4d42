import "server-only";
import type { ReactNode } from "react";
import { requirePolicy } from "./dal";

/**
 * Re-checks the route policy for `path` before anything of its segment streams. A page's loading.tsx puts the page
 * inside a Suspense boundary, so a redirect thrown by the page itself arrives after a 200 shell; thrown here, in
 * the segment's layout above that boundary, it is a real redirect status. The page keeps its own check: layouts
 * are skipped by client-side navigations within the segment.
 */
export async function PolicyGate({ path, children }: { path: string; children: ReactNode }) {
  await requirePolicy(path);
  return children;
}
