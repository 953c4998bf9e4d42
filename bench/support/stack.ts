/**
 * The production stack the HTTP benchmarks run against: builds the app when `.next` is missing or older than
 * the sources, then starts the dev IdP, the Accounts API and `next start` on the bench's own ports, and stops
 * exactly those processes by PID.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface BenchPorts {
  app: number;
  idp: number;
  api: number;
}

export interface RunningStack {
  appUrl: string;
  idpUrl: string;
  apiUrl: string;
  /** PID of the `next start` process. */
  appPid: number;
  stop(): Promise<void>;
}

const SOURCES = ["app", "lib", "common", "middleware.ts", "instrumentation.ts", "next.config.js", "postcss.config.mjs", "package.json", "tsconfig.json"];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((entry) => newestMtime(join(path, entry))));
}

/** Runs `next build` unless .next/BUILD_ID is newer than every source file. Returns the seconds spent building (0 if none). */
export function buildIfStale(root: string): number {
  const buildId = join(root, ".next", "BUILD_ID");
  const built = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  const sources = Math.max(...SOURCES.map((s) => newestMtime(join(root, s))));
  if (built > sources) return 0;
  console.error(built ? "bench: sources changed since the last build; running next build" : "bench: no build yet; running next build");
  const started = performance.now();
  const result = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NEXT_IGNORE_INCORRECT_LOCKFILE: "1" },
  });
  if (result.status !== 0) throw new Error(`next build failed with status ${result.status}`);
  return (performance.now() - started) / 1000;
}

async function waitFor(url: string, child: ChildProcess, output: () => string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: process exited (${child.exitCode}) before it was ready:\n${output()}`);
    try {
      const response = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} was not ready within ${timeoutMs} ms:\n${output()}`);
}

function startProcess(root: string, args: string[], env: Record<string, string>) {
  // `node --import tsx` / `node next`, not a wrapper binary: the PID we stop is the server itself.
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return { child, output: () => output };
}

async function stopProcess(child: ChildProcess): Promise<void> {
  const pid = child.pid;
  if (pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  process.kill(pid, "SIGTERM");
  const timer = setTimeout(() => child.exitCode === null && child.signalCode === null && process.kill(pid, "SIGKILL"), 5000);
  await exited;
  clearTimeout(timer);
}

/** Starts IdP, API and app (production build, FABRIKAM_BENCH=1) and waits until each answers. */
export async function startStack(root: string, ports: BenchPorts): Promise<RunningStack> {
  const appUrl = `http://localhost:${ports.app}`;
  const idpUrl = `http://localhost:${ports.idp}`;
  const apiUrl = `http://localhost:${ports.api}`;
  const idpDir = await mkdtemp(join(tmpdir(), "fabrikam-bench-idp-"));
  const common = { NEXT_TELEMETRY_DISABLED: "1", FABRIKAM_DEMO: "1", DATABASE_URL: "" };
  const started: ChildProcess[] = [];
  let appPid = 0;
  const stop = async () => {
    for (const child of started.reverse()) await stopProcess(child);
    await rm(idpDir, { recursive: true, force: true });
  };
  try {
    const idp = startProcess(root, ["--import", "tsx", "idp/server.ts"], {
      ...common,
      IDP_PORT: String(ports.idp),
      OIDC_ISSUER: idpUrl,
      APP_BASE_URL: appUrl,
      IDP_DATA_DIR: idpDir,
      // The step-up benchmark signs in 50 times within seconds; harmless if the IdP has no replay check.
      IDP_TEST_ALLOW_OTP_REUSE: "1",
    });
    started.push(idp.child);
    const api = startProcess(root, ["--import", "tsx", "api/server.ts"], {
      ...common,
      API_PORT: String(ports.api),
      OIDC_ISSUER: idpUrl,
      API_DATA_DIR: "memory://",
    });
    started.push(api.child);
    const app = startProcess(root, ["node_modules/next/dist/bin/next", "start", "--port", String(ports.app)], {
      ...common,
      NODE_ENV: "production",
      PORT: String(ports.app),
      APP_BASE_URL: appUrl,
      OIDC_ISSUER: idpUrl,
      FABRIKAM_API_URL: apiUrl,
      FABRIKAM_BENCH: "1",
    });
    started.push(app.child);
    appPid = app.child.pid ?? 0;
    await waitFor(`${idpUrl}/.well-known/openid-configuration`, idp.child, idp.output);
    await waitFor(`${apiUrl}/health`, api.child, api.output);
    await waitFor(appUrl, app.child, app.output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { appUrl, idpUrl, apiUrl, appPid, stop };
}
