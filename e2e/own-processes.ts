/**
 * Server processes the e2e suite starts itself: the stacks (e2e/launch-stacks.ts) and the failure tests' own IdP,
 * API and app, which they take down mid-test. Each is one Node process, stopped by its PID.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { stripVTControlCharacters } from "node:util";
import { offset } from "./stacks";

/** Ports of the failure tests' own stack, apart from the stacks the launcher starts. */
export const OWN_PORTS = { app: 3350 + offset, idp: 4350 + offset, api: 4351 + offset } as const;

export const localUrl = (port: number) => `http://localhost:${port}`;

/** How to start one server and how to tell it is ready. */
export interface ServerSpec {
  /** For logs, e.g. "auth0 main app :3300". */
  readonly name: string;
  /** Arguments to `node`. */
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  /** The line the server prints once it accepts connections (each prints one after listen). */
  readonly ready: RegExp;
}

/** The ready lines of the project's three servers. */
export const READY = {
  idp: /idp listening on /,
  api: /Fabrikam Accounts API on /,
  app: /Ready in /,
} as const;

/** A server process this test run owns. */
export interface OwnProcess {
  readonly name: string;
  readonly pid: number;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Resolves when the process ends, whoever ended it. */
  readonly exited: Promise<number | null>;
  /** False once the process has ended. */
  running(): boolean;
  /** SIGTERM, then SIGKILL after 5 s; resolves once it has exited. */
  stop(): Promise<void>;
}

export interface StartOptions {
  timeoutMs?: number;
  /** Receives what the server writes to stderr, as it comes (warnings and errors a run should show). */
  onStderr?: (text: string) => void;
}

/** Starts `node <args>` with `env` and resolves once it prints its ready line; rejects if it exits or times out first. */
export async function startOwnProcess(spec: ServerSpec, options: StartOptions = {}): Promise<OwnProcess> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const child: ChildProcess = spawn(process.execPath, [...spec.args], { env: { ...process.env, ...spec.env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
    options.onStderr?.(chunk.toString());
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${spec.name} did not start`);
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    process.kill(pid, "SIGTERM");
    const timer = setTimeout(() => child.exitCode === null && process.kill(pid, "SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
  };

  // The ready line is the server's own signal that it listens: nothing to poll.
  const ready = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    const onData = () => {
      if (!spec.ready.test(stripVTControlCharacters(output))) return;
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      resolve(true);
    };
    child.stdout?.on("data", onData);
    void exited.then(() => {
      clearTimeout(timer);
      resolve(false);
    });
  });
  const running = () => child.exitCode === null && child.signalCode === null;
  if (ready && running()) return { name: spec.name, pid, output: () => output, exited, running, stop };
  const why = !running() ? `exited with ${child.exitCode ?? child.signalCode}` : `was not ready within ${timeoutMs} ms`;
  await stop();
  throw new Error(`${spec.name} (node ${spec.args.join(" ")}) ${why}:\n${output}`);
}
