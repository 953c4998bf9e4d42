import "server-only";
import type { ReactNode } from "react";
import { requirePolicy } from "./dal";

/**
 * A segment layout that re-checks the route policy before anything streams. A page's loading.tsx puts the page
 * inside a Suspense boundary, so a redirect thrown by the page itself arrives after a 200 shell; thrown here, above
 * that boundary, it is a real redirect status. The page keeps its own check: layouts are skipped by client-side
 * navigations within the segment.
 */
export function policyLayout(path: string) {
  return async function PolicyLayout({ children }: { children: ReactNode }) {
    await requirePolicy(path);
    return children;
  };
}
