/**
 * Figure 5b (issue 6): Lighthouse scores of `/` and `/salary` on the production build, with the system Chromium.
 * /salary gets a real MFA session cookie (from a scripted step-up) through extraHeaders. Lighthouse's default (mobile, simulated
 * throttling) settings. Reported, never asserted.
 */
import { existsSync } from "node:fs";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

export interface LighthouseScores {
  path: string;
  performance: number;
  accessibility: number;
  bestPractices: number;
  /** Audits that lost points in accessibility or best practices, to act on. */
  failing: string[];
}

export const CHROMIUM = "/usr/bin/chromium";

// The first offending item of an audit (an URL or a console message), so the table says what to fix.
function firstItem(details: unknown): string {
  const items = (details as { items?: Array<Record<string, unknown>> } | undefined)?.items;
  const item = items?.[0];
  if (!item) return "";
  const text = [item.description, item.url, (item.node as { snippet?: unknown } | undefined)?.snippet].find((v) => typeof v === "string");
  return typeof text === "string" ? ` (${text.slice(0, 100)})` : "";
}

const score = (value: number | null | undefined) => Math.round((value ?? 0) * 100);

/** Runs Lighthouse on each path in one Chromium (stopped by its PID via chrome-launcher afterwards). */
export async function lighthouseScores(appUrl: string, pages: Array<{ path: string; cookie?: string }>): Promise<LighthouseScores[]> {
  const chrome = await chromeLauncher.launch({
    chromePath: existsSync(CHROMIUM) ? CHROMIUM : undefined,
    chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  });
  try {
    const results: LighthouseScores[] = [];
    for (const page of pages) {
      const run = await lighthouse(`${appUrl}${page.path}`, {
        port: chrome.port,
        output: "json",
        logLevel: "error",
        onlyCategories: ["performance", "accessibility", "best-practices"],
        extraHeaders: page.cookie ? { Cookie: page.cookie } : undefined,
      });
      if (!run) throw new Error(`Lighthouse returned nothing for ${page.path}`);
      const { categories, audits, finalDisplayedUrl } = run.lhr;
      if (new URL(finalDisplayedUrl).pathname !== page.path) throw new Error(`Lighthouse ended on ${finalDisplayedUrl}, not ${page.path}`);
      const failing = ["accessibility", "best-practices"].flatMap((id) =>
        (categories[id]?.auditRefs ?? [])
          .filter((ref) => ref.weight > 0 && (audits[ref.id]?.score ?? 1) < 1)
          .map((ref) => `${id}: ${ref.id}${firstItem(audits[ref.id]?.details)}`),
      );
      results.push({
        path: page.path,
        performance: score(categories.performance?.score),
        accessibility: score(categories.accessibility?.score),
        bestPractices: score(categories["best-practices"]?.score),
        failing,
      });
    }
    return results;
  } finally {
    chrome.kill();
  }
}
