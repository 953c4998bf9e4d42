/**
 * Servers a failure test starts and stops itself (an IdP, the API or the app it can take down mid-test),
 * on ports derived from E2E_PORT_OFFSET. Each is one Node process, stopped by its PID.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { offset } from "./stacks";

/** Ports of the failure tests' own stack, apart from the stacks playwright.config.ts starts. */
export const OWN_PORTS = { app: 3350 + offset, idp: 4350 + offset, api: 4351 + offset } as const;

export const localUrl = (port: number) => `http://localhost:${port}`;

/** A server process this test owns. */
export interface OwnProcess {
  readonly pid: number;
  output(): string;
  stop(): Promise<void>;
}

/** Starts `node <args>` with `env` and resolves once `readyUrl` answers (any HTTP status below 500). */
export async function startOwnProcess(args: string[], env: Record<string, string>, readyUrl: string, timeoutMs = 60_000): Promise<OwnProcess> {
  const child: ChildProcess = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${args.join(" ")} did not start`);
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    process.kill(pid, "SIGTERM");
    const timer = setTimeout(() => child.exitCode === null && process.kill(pid, "SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + timeoutMs;
  // Polling a server that is starting up: there is no event to wait for from outside the process.
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${args.join(" ")} exited with ${child.exitCode}:\n${output}`);
    const status = await fetch(readyUrl, { redirect: "manual" }).then((r) => r.status, () => 0);
    if (status > 0 && status < 500) return { pid, output: () => output, stop };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stop();
  throw new Error(`${args.join(" ")} was not ready at ${readyUrl} within ${timeoutMs} ms:\n${output}`);
}
