/**
 * Starts the real dev IdP (idp/server.ts) as a child process for tests and
 * waits for its ready line; stop() ends exactly that process by PID.
 */
import { spawn } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url));

/** The IdP's ready line names its issuer; with IDP_PORT=0 that is the only place the bound port appears. */
const READY_LINE = /idp listening on (http:\/\/localhost:(\d+))/;

export interface RunningIdp {
  /** The issuer, e.g. http://localhost:41234 */
  issuer: string;
  port: number;
  pid: number;
  /** Everything the IdP printed so far (stdout and stderr). */
  output(): string;
  /** False once the process has ended. */
  running(): boolean;
  /** Sends SIGTERM and waits for the exit (SIGKILL after 5 s). */
  stop(): Promise<void>;
}

export interface StartIdpOptions {
  /** A fixed port, for a test that restarts the IdP where its clients expect it; by default the IdP binds port 0. */
  port?: number;
  /** Extra environment, e.g. { IDP_MFA_POLICY: "off", IDP_APP_ORIGINS: "http://localhost:3100" }. */
  env?: Record<string, string>;
  /** Defaults to a fresh temporary directory, so every run has its own keys. */
  dataDir?: string;
  timeoutMs?: number;
}

/** Starts the IdP and resolves once it prints `idp listening on`, with the issuer and port it printed. */
export async function startIdp(options: StartIdpOptions = {}): Promise<RunningIdp> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), "fabrikam-idp-")));
  const port = options.port ?? 0;
  // `node --import tsx` rather than the tsx binary: one process, so the PID we kill is the server.
  const child = spawn(process.execPath, ["--import", "tsx", "idp/server.ts"], {
    cwd: REPO_ROOT,
    // An empty OIDC_ISSUER counts as unset: the IdP names itself after the port it bound.
    env: { ...process.env, OIDC_ISSUER: "", IDP_DATA_DIR: dataDir, ...options.env, IDP_PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const timeoutMs = options.timeoutMs ?? 20000;
  const ready = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`IdP did not start within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = () => {
      const match = READY_LINE.exec(output);
      if (match) {
        clearTimeout(timer);
        child.stdout.off("data", onData);
        child.off("exit", onExit);
        resolve(match);
      }
    };
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`IdP exited with code ${code} before it was ready:\n${output}`));
    };
    child.stdout.on("data", onData);
    child.once("exit", onExit);
  });

  const pid = child.pid;
  if (pid === undefined) throw new Error("IdP process has no PID");
  const [, issuer = "", boundPort = ""] = ready;
  return {
    issuer,
    port: Number(boundPort),
    pid,
    output: () => output,
    running: () => child.exitCode === null && child.signalCode === null,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      process.kill(pid, "SIGTERM");
      const timer = setTimeout(() => child.exitCode === null && process.kill(pid, "SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
