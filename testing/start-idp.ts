/**
 * Starts the real dev IdP (idp/server.ts) as a child process for tests and
 * waits for its ready line; stop() ends exactly that process by PID.
 */
import { spawn } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url));

export interface RunningIdp {
  /** The issuer, e.g. http://localhost:41234 */
  issuer: string;
  port: number;
  pid: number;
  /** Everything the IdP printed so far (stdout and stderr). */
  output(): string;
  /** Sends SIGTERM and waits for the exit (SIGKILL after 5 s). */
  stop(): Promise<void>;
}

export interface StartIdpOptions {
  /** Defaults to a free port picked by the OS. */
  port?: number;
  /** Extra environment, e.g. { IDP_MFA_POLICY: "off", IDP_APP_ORIGINS: "http://localhost:3100" }. */
  env?: Record<string, string>;
  /** Defaults to a fresh temporary directory, so every run has its own keys. */
  dataDir?: string;
  timeoutMs?: number;
}

/** Asks the OS for a port that is free right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "localhost", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Starts the IdP and resolves once it prints `idp listening on`. */
export async function startIdp(options: StartIdpOptions = {}): Promise<RunningIdp> {
  const port = options.port ?? (await freePort());
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), "fabrikam-idp-")));
  const issuer = `http://localhost:${port}`;
  // `node --import tsx` rather than the tsx binary: one process, so the PID we kill is the server.
  const child = spawn(process.execPath, ["--import", "tsx", "idp/server.ts"], {
    cwd: REPO_ROOT,
    env: { ...process.env, OIDC_ISSUER: issuer, IDP_DATA_DIR: dataDir, ...options.env, IDP_PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`IdP did not start within ${options.timeoutMs ?? 20000} ms:\n${output}`));
    }, options.timeoutMs ?? 20000);
    const onData = () => {
      if (output.includes("idp listening on")) {
        clearTimeout(timer);
        child.stdout.off("data", onData);
        resolve();
      }
    };
    child.stdout.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`IdP exited with code ${code} before it was ready:\n${output}`));
    });
  });

  const pid = child.pid;
  if (pid === undefined) throw new Error("IdP process has no PID");
  return {
    issuer,
    port,
    pid,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      process.kill(pid, "SIGTERM");
      const timer = setTimeout(() => child.exitCode === null && process.kill(pid, "SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
