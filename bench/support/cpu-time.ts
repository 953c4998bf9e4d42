import { readdirSync, readFileSync } from "node:fs";

// Linux reports process CPU time in clock ticks; 100 per second on every mainstream kernel configuration.
const TICKS_PER_SECOND = 100;

interface ProcStat {
  pid: number;
  ppid: number;
  ticks: number;
}

function readStat(pid: string): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name may hold spaces and parentheses: fields start after the last ")".
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return { pid: Number(pid), ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return undefined;
  }
}

/**
 * CPU seconds (user + system) used so far by `pid` and its descendants, from /proc. CPU time, unlike wall time,
 * does not grow when other work on the machine takes the CPU away, so it is the steadier measure on a shared
 * machine. Undefined where /proc is missing (macOS, Windows).
 */
export function processTreeCpuSeconds(pid: number): number | undefined {
  let entries: string[];
  try {
    entries = readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined;
  }
  const stats = entries.map(readStat).filter((s): s is ProcStat => s !== undefined);
  const tree = new Set([pid]);
  // Parents come before children often but not always: repeat until nothing is added.
  for (let added = true; added; ) {
    added = false;
    for (const s of stats) {
      if (!tree.has(s.pid) && tree.has(s.ppid)) {
        tree.add(s.pid);
        added = true;
      }
    }
  }
  const own = stats.filter((s) => tree.has(s.pid));
  if (!own.some((s) => s.pid === pid)) return undefined;
  return own.reduce((sum, s) => sum + s.ticks, 0) / TICKS_PER_SECOND;
}
