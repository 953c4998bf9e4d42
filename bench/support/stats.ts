/** Small statistics helpers: every published figure is a median of repeated runs. */

/** The median of `values` (NaN for none). */
export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** The p-th percentile (nearest rank) of `values`. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

/** Runs `op` back to back for `ms` milliseconds (after `warmupMs` untimed) and returns operations per second. */
export async function opsPerSecond(op: () => Promise<unknown> | unknown, ms: number, warmupMs = 100): Promise<number> {
  const warmEnd = performance.now() + warmupMs;
  while (performance.now() < warmEnd) await op();
  let count = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    // Check the clock every 16 operations so timing itself costs little.
    for (let i = 0; i < 16; i++) await op();
    count += 16;
    now = performance.now();
  }
  return (count * 1000) / (now - start);
}

/**
 * Measures several variants in interleaved rounds (A B C, B C A, C A B, ...) so that a slow patch of the machine hits
 * all of them, and returns each variant's median over the rounds.
 */
export async function interleaved<K extends string>(
  variants: Record<K, () => Promise<number>>,
  rounds: number,
): Promise<Record<K, { median: number; samples: number[] }>> {
  const keys = Object.keys(variants) as K[];
  const samples = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as Record<K, number[]>;
  for (let round = 0; round < rounds; round++) {
    // Rotated each round, so no variant always runs first.
    const shift = round % keys.length;
    for (const key of [...keys.slice(shift), ...keys.slice(0, shift)]) samples[key].push(await variants[key]());
  }
  return Object.fromEntries(keys.map((k) => [k, { median: median(samples[k]), samples: samples[k] }])) as Record<K, { median: number; samples: number[] }>;
}

/**
 * Measures two variants side by side: within each round of `ms` milliseconds they alternate in blocks of `block`
 * calls, so a slow patch of the machine (another tenant, a frequency change) hits both alike even when it lasts less
 * than a round. With `concurrency` above 1, a block is that many chains of `block` calls at once, as a server
 * handles requests. Returns each variant's operations per second and the ratio a/b, each the median over `rounds`
 * (the ratio per round, so each is of two measurements taken side by side).
 */
export async function paired(
  a: () => Promise<unknown>,
  b: () => Promise<unknown>,
  { rounds, ms, block = 8, concurrency = 1 }: { rounds: number; ms: number; block?: number; concurrency?: number },
): Promise<{ a: number; b: number; ratio: number }> {
  const chain = async (op: () => Promise<unknown>) => {
    for (let i = 0; i < block; i++) await op();
  };
  const timeBlock = async (op: () => Promise<unknown>) => {
    const start = performance.now();
    await Promise.all(Array.from({ length: concurrency }, () => chain(op)));
    return performance.now() - start;
  };
  const perRound: { a: number[]; b: number[] } = { a: [], b: [] };
  for (let round = 0; round < rounds; round++) {
    let spentA = 0;
    let spentB = 0;
    let blocks = 0;
    for (const end = performance.now() + ms; performance.now() < end; blocks++) {
      // Which goes first alternates too, so neither always follows the other.
      if (blocks % 2 === 0) {
        spentA += await timeBlock(a);
        spentB += await timeBlock(b);
      } else {
        spentB += await timeBlock(b);
        spentA += await timeBlock(a);
      }
    }
    perRound.a.push((blocks * block * concurrency * 1000) / spentA);
    perRound.b.push((blocks * block * concurrency * 1000) / spentB);
  }
  return { a: median(perRound.a), b: median(perRound.b), ratio: median(perRound.a.map((a, i) => a / (perRound.b[i] as number))) };
}

/** Formats a number with thousands separators and `digits` decimals. */
export function fmt(value: number, digits = 0): string {
  if (!Number.isFinite(value)) return "—";
  return value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** "×0.87" style ratio. */
export function ratio(value: number, base: number): string {
  return `×${fmt(value / base, 2)}`;
}
