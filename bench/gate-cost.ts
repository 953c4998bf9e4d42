/**
 * Figure 1a: what the gate costs per request. The same tiny page (app/bench/) served (a) with no gate,
 * (b) through the middleware gate with a valid session cookie, (c) with the page's own re-check too. autocannon,
 * interleaved rounds; every request must answer 200, or the round is thrown out as an error.
 */
import autocannon from "autocannon";
import { processTreeCpuSeconds } from "./support/cpu-time";
import { median } from "./support/stats";

export type GateVariant = "open" | "gated" | "checked";

export interface GateFigure {
  variant: GateVariant;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  /** Milliseconds of the app's CPU time (user + system) per request; NaN where /proc is missing. */
  cpuMsPerRequest: number;
  /** Lowest and highest requests/s over the rounds, to show the spread. */
  range: [number, number];
}

const PATHS: Record<GateVariant, string> = { open: "/bench/open", gated: "/bench/gated", checked: "/bench/checked" };

async function once(url: string, cookie: string, seconds: number, connections: number, appPid?: number) {
  const cpuBefore = appPid ? processTreeCpuSeconds(appPid) : undefined;
  const result = await autocannon({ url, duration: seconds, connections, headers: { cookie } });
  const cpuAfter = appPid ? processTreeCpuSeconds(appPid) : undefined;
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${url}: ${result.non2xx} non-2xx answers and ${result.errors} errors out of ${result.requests.total}`);
  }
  const cpuMs = cpuBefore !== undefined && cpuAfter !== undefined ? ((cpuAfter - cpuBefore) * 1000) / result.requests.total : Number.NaN;
  return { result, cpuMs };
}

/**
 * Medians over `rounds` interleaved rounds of `seconds` each. Every variant gets the same session cookie. With
 * `appPid`, also the app's CPU time per request, which other load on the machine does not inflate.
 */
export async function benchGateCost(appUrl: string, cookie: string, appPid?: number, rounds = 6, seconds = 2, connections = 8): Promise<GateFigure[]> {
  // Check once that the gated pages accept the cookie (a redirect would look very fast) and that the gate really
  // covers them: without the cookie, (b) and (c) must redirect to the login and (a) must not.
  for (const [variant, path] of Object.entries(PATHS)) {
    const withCookie = await fetch(`${appUrl}${path}`, { headers: { cookie }, redirect: "manual" });
    await withCookie.arrayBuffer();
    if (withCookie.status !== 200) throw new Error(`${path} answered ${withCookie.status}; is FABRIKAM_BENCH=1 set on the app?`);
    const without = await fetch(`${appUrl}${path}`, { redirect: "manual" });
    await without.arrayBuffer();
    const expected = variant === "open" ? 200 : 303;
    if (without.status !== expected) throw new Error(`${path} without a session answered ${without.status}, expected ${expected}`);
  }
  // Warm-up: the first requests compile and cache route code.
  for (const path of Object.values(PATHS)) await once(`${appUrl}${path}`, cookie, 1, connections);

  const samples = { open: [], gated: [], checked: [] } as Record<GateVariant, Array<{ rps: number; p50: number; p99: number; cpuMs: number }>>;
  for (let round = 0; round < rounds; round++) {
    // Rotate the order each round, so no variant always runs first (after a warm-up or another's garbage).
    const order = Object.keys(PATHS) as GateVariant[];
    for (const variant of [...order.slice(round % order.length), ...order.slice(0, round % order.length)]) {
      const { result, cpuMs } = await once(`${appUrl}${PATHS[variant]}`, cookie, seconds, connections, appPid);
      samples[variant].push({ rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, cpuMs });
    }
  }
  return (Object.keys(PATHS) as GateVariant[]).map((variant) => ({
    variant,
    requestsPerSecond: median(samples[variant].map((s) => s.rps)),
    p50: median(samples[variant].map((s) => s.p50)),
    p99: median(samples[variant].map((s) => s.p99)),
    cpuMsPerRequest: median(samples[variant].map((s) => s.cpuMs)),
    range: [Math.min(...samples[variant].map((s) => s.rps)), Math.max(...samples[variant].map((s) => s.rps))],
  }));
}
