/**
 * Figure 5b: Lighthouse scores of `/` and `/salary` on the production build, with the system Chromium.
 * /salary gets a real MFA session cookie (from a scripted step-up) through extraHeaders. Lighthouse's default (mobile,
 * simulated throttling) settings. Each page is run several times, pages interleaved, and the median reported, as
 * Lighthouse's own guide to variability advises. Reported, never asserted.
 */
import { existsSync } from "node:fs";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { median } from "./support/stats";

/** The metrics the performance score is made of, in Lighthouse's units (ms; CLS unitless). */
const METRICS = {
  fcp: "first-contentful-paint",
  lcp: "largest-contentful-paint",
  tbt: "total-blocking-time",
  cls: "cumulative-layout-shift",
  si: "speed-index",
} as const;
export type MetricName = keyof typeof METRICS;

export interface LighthouseScores {
  path: string;
  /** Runs that produced a score (a run Lighthouse itself reports as broken is retried, not counted). */
  runs: number;
  performance: number;
  /** Lowest and highest performance score of the runs. */
  performanceRange: [number, number];
  accessibility: number;
  bestPractices: number;
  /** Median of each metric over the runs. */
  metrics: Record<MetricName, number>;
  /** Audits that lost points in accessibility or best practices in any run, to act on. */
  failing: string[];
}

/** One page to score, with the cookie that signs it in, if any. */
export interface LighthousePage {
  path: string;
  cookie?: string;
}

export const CHROMIUM = "/usr/bin/chromium";
/** Lighthouse's variability guide: the median of five runs. */
export const DEFAULT_RUNS = 5;
const RETRIES = 2;

type Sample = { performance: number; accessibility: number; bestPractices: number; metrics: Record<MetricName, number>; failing: string[] };

// The first offending item of an audit (an URL or a console message), so the table says what to fix.
function firstItem(details: unknown): string {
  const items = (details as { items?: Array<Record<string, unknown>> } | undefined)?.items;
  const item = items?.[0];
  if (!item) return "";
  const text = [item.description, item.url, (item.node as { snippet?: unknown } | undefined)?.snippet].find((v) => typeof v === "string");
  return typeof text === "string" ? ` (${text.slice(0, 100)})` : "";
}

const score = (value: number | null | undefined) => Math.round((value ?? 0) * 100);

/** One Lighthouse run of one page; undefined when Lighthouse says the run itself went wrong (e.g. NO_NAVSTART). */
async function runOnce(url: string, port: number, page: LighthousePage): Promise<Sample | undefined> {
  const run = await lighthouse(url, {
    port,
    output: "json",
    logLevel: "error",
    onlyCategories: ["performance", "accessibility", "best-practices"],
    extraHeaders: page.cookie ? { Cookie: page.cookie } : undefined,
  });
  if (!run) throw new Error(`Lighthouse returned nothing for ${page.path}`);
  const { categories, audits, finalDisplayedUrl, runtimeError } = run.lhr;
  if (runtimeError) {
    console.error(`bench: Lighthouse run of ${page.path} broke (${runtimeError.code}); running it again`);
    return undefined;
  }
  // A redirect to the login page would score a different page.
  if (new URL(finalDisplayedUrl).pathname !== page.path) throw new Error(`Lighthouse ended on ${finalDisplayedUrl}, not ${page.path}`);
  const failing = ["accessibility", "best-practices"].flatMap((id) =>
    (categories[id]?.auditRefs ?? [])
      .filter((ref) => ref.weight > 0 && (audits[ref.id]?.score ?? 1) < 1)
      .map((ref) => `${id}: ${ref.id}${firstItem(audits[ref.id]?.details)}`),
  );
  const metric = (id: string) => audits[id]?.numericValue ?? Number.NaN;
  return {
    performance: score(categories.performance?.score),
    accessibility: score(categories.accessibility?.score),
    bestPractices: score(categories["best-practices"]?.score),
    metrics: Object.fromEntries(Object.entries(METRICS).map(([name, id]) => [name, metric(id)])) as Record<MetricName, number>,
    failing,
  };
}

function summary(page: LighthousePage, samples: Sample[]): LighthouseScores {
  const of = (pick: (s: Sample) => number) => median(samples.map(pick));
  const performance = samples.map((s) => s.performance);
  return {
    path: page.path,
    runs: samples.length,
    performance: of((s) => s.performance),
    performanceRange: [Math.min(...performance), Math.max(...performance)],
    accessibility: of((s) => s.accessibility),
    bestPractices: of((s) => s.bestPractices),
    metrics: Object.fromEntries(Object.keys(METRICS).map((name) => [name, of((s) => s.metrics[name as MetricName])])) as Record<MetricName, number>,
    failing: [...new Set(samples.flatMap((s) => s.failing))],
  };
}

/**
 * Runs Lighthouse `runs` times on each page in one Chromium (stopped by its PID via chrome-launcher afterwards), pages
 * interleaved so a slow patch of a shared machine hits them alike, and returns each page's medians.
 */
export async function lighthouseScores(appUrl: string, pages: LighthousePage[], runs = DEFAULT_RUNS): Promise<LighthouseScores[]> {
  const chrome = await chromeLauncher.launch({
    chromePath: existsSync(CHROMIUM) ? CHROMIUM : undefined,
    chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  });
  try {
    const samples = pages.map(() => [] as Sample[]);
    for (let round = 0; round < runs; round++) {
      for (const [index, page] of pages.entries()) {
        let sample: Sample | undefined;
        for (let attempt = 0; !sample && attempt <= RETRIES; attempt++) sample = await runOnce(`${appUrl}${page.path}`, chrome.port, page);
        if (!sample) throw new Error(`Lighthouse could not record ${page.path} in ${RETRIES + 1} attempts`);
        samples[index]?.push(sample);
      }
    }
    return pages.map((page, index) => summary(page, samples[index] ?? []));
  } finally {
    chrome.kill();
  }
}

/** Issue 6's target: performance ≥ 95, accessibility 100, best practices ≥ 95. */
export const meetsTarget = (l: LighthouseScores) => l.performance >= 95 && l.accessibility === 100 && l.bestPractices >= 95;

/** The table cells of one page: what was measured, the medians, and how they compare with the target. */
export function lighthouseCells(l: LighthouseScores): [measure: string, result: string, comparison: string] {
  const m = l.metrics;
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  return [
    `${l.path} (mobile preset, median of ${l.runs})`,
    `performance ${l.performance} (runs ${l.performanceRange[0]}–${l.performanceRange[1]}) · accessibility ${l.accessibility} · ` +
      `best practices ${l.bestPractices} · FCP ${seconds(m.fcp)} · LCP ${seconds(m.lcp)} · TBT ${Math.round(m.tbt)} ms · CLS ${m.cls.toFixed(2)}`,
    `target (≥95/100/≥95) ${meetsTarget(l) ? "met" : "not met"}${l.failing.length ? `; losing points: ${l.failing.join(", ")}` : ""}`,
  ];
}
