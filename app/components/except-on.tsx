"use client";

import { usePathname } from "next/navigation";
import type { ReactNode } from "react";

/** Renders its children everywhere but on `path` (the root layout cannot see the path; usePathname can, during SSR too). */
export function ExceptOn({ path, children }: { path: string; children: ReactNode }) {
  return usePathname() === path ? null : children;
}
