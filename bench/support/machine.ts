import { cpus, loadavg, totalmem } from "node:os";

/** What the figures were measured on. */
export interface MachineFacts {
  cpu: string;
  cores: number;
  ramGiB: number;
  node: string;
  date: string;
  /** 1-minute load average when the run started: other work on the machine skews absolute figures. */
  loadAtStart: number;
}

/** Reads the machine's facts now. */
export function machineFacts(): MachineFacts {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? "unknown",
    cores: list.length,
    ramGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    date: `${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC`,
    loadAtStart: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  };
}

/** The current 1-minute load average. */
export function loadNow(): number {
  return Math.round((loadavg()[0] ?? 0) * 100) / 100;
}
