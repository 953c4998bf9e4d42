/**
 * @auth0-only Starting in production against a real provider with a broken environment: the app must stop at once,
 * non-zero, listing every problem — not come up and answer every request with a 500.
 */
import { spawn } from "node:child_process";
import { expect, test } from "./fixtures";
import { offset } from "./stacks";

const PORTS = { app: 3360 + offset, api: 4360 + offset };

/** Runs `node <args>` until it exits (or `timeoutMs` passes) and returns its exit code and output. */
function runToExit(args: string[], env: Record<string, string>, timeoutMs = 60_000): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    // Only PATH and HOME from this process: nothing of the test run's own environment may repair the broken one.
    const childEnv: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "production", ...env };
    const child = spawn(process.execPath, args, { env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

// A real tenant's settings with the secrets forgotten.
const broken = {
  NODE_ENV: "production",
  NEXT_TELEMETRY_DISABLED: "1",
  APP_BASE_URL: "https://intranet.fabrikam.example",
  OIDC_ISSUER: "https://fabrikam.eu.auth0.com",
  OIDC_CLIENT_ID: "abc123",
  FABRIKAM_API_URL: "https://api.fabrikam.example",
  APP_DATA_DIR: "memory://",
};

test.describe("start-up with a broken environment @auth0-only", () => {
  test("next start exits non-zero at once and lists every missing secret", async () => {
    const { code, output } = await runToExit(["node_modules/next/dist/bin/next", "start", "--port", String(PORTS.app)], { ...broken, PORT: String(PORTS.app) });
    expect(code).toBe(1);
    expect(output).toContain("cannot start");
    expect(output).toContain("SESSION_SECRET");
    expect(output).toContain("OIDC_CLIENT_SECRET");
  });

  test("npm start (the launcher) stops too, non-zero", async () => {
    const { code, output } = await runToExit(["--import", "tsx", "scripts/run.ts", "start"], {
      ...broken,
      PORT: String(PORTS.app),
      API_PORT: String(PORTS.api),
    });
    expect(code).not.toBe(0);
    expect(output).toContain("SESSION_SECRET");
  });
});
