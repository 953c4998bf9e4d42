/**
 * The last TOTP step each user spent at each IdP that keeps codes single-use, kept in files: a failed test restarts
 * its Playwright worker, and the next worker must not type a code the IdP already took. The launcher forgets an
 * IdP's record when it starts that IdP afresh (a new process has spent nothing).
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const prefix = (idpPort: number) => `fabrikam-e2e-otp-${idpPort}-`;

/** The last step `username` spent at the IdP on `idpPort`, or -1. */
export function lastSpentStep(idpPort: number, username: string): number {
  try {
    const step = Number(readFileSync(join(tmpdir(), prefix(idpPort) + username), "utf8"));
    return Number.isInteger(step) ? step : -1;
  } catch {
    return -1;
  }
}

export function recordSpentStep(idpPort: number, username: string, step: number): void {
  writeFileSync(join(tmpdir(), prefix(idpPort) + username), String(step));
}

/** Forgets every user's record for the IdP on `idpPort`. */
export function forgetSpentSteps(idpPort: number): void {
  for (const name of readdirSync(tmpdir())) {
    if (name.startsWith(prefix(idpPort))) rmSync(join(tmpdir(), name), { force: true });
  }
}
