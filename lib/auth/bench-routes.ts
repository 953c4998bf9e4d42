import type { RoutePolicy } from "./policy";

/** True only in a `npm run bench` stack; the /bench pages answer 404 otherwise. */
export function benchEnabled(env: Record<string, string | undefined> = process.env): boolean {
  return env.FABRIKAM_BENCH === "1";
}

/**
 * BENCH ONLY (FABRIKAM_BENCH=1): route policies for the gate-cost benchmark (bench/gate-cost.ts). /bench/gated
 * and /bench/checked need what /salary needs; /bench/open has no policy. Empty in every normal run.
 */
export function benchRoutePolicies(salaryMaxAge: number, env: Record<string, string | undefined> = process.env): RoutePolicy[] {
  if (!benchEnabled(env)) return [];
  const salaryLike = { apiAccess: false, mfa: true, maxAgeSeconds: salaryMaxAge, transferToken: false } as const;
  return [
    { path: "/bench/gated", label: "a benchmark page", ...salaryLike },
    { path: "/bench/checked", label: "a benchmark page", ...salaryLike },
  ];
}
