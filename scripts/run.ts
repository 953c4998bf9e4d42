/**
 * `npm run dev` / `npm start`: the whole demo in one command. Starts the dev identity provider (unless
 * OIDC_ISSUER points at a real one), the Accounts API and the intranet, prefixes their output, and stops
 * all of them when one stops or on Ctrl-C.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { DEV_FLAGS } from "./dev-flags";

const mode = process.argv[2];
if (mode !== "dev" && mode !== "start") {
  console.error("usage: tsx scripts/run.ts dev|start");
  process.exit(2);
}

// The same .env the intranet reads (Next.js loads it itself), so the IdP and the API see it too.
if (existsSync(".env")) process.loadEnvFile(".env");
const unset = (value: string | undefined) => value === undefined || value === "";

const port = process.env.PORT || "3000";
const idpPort = process.env.IDP_PORT || "4000";
const apiPort = process.env.API_PORT || "4001";
const devIssuer = `http://localhost:${idpPort}`;
// The dev IdP runs unless OIDC_ISSUER names another provider.
const devIdp = unset(process.env.OIDC_ISSUER) || process.env.OIDC_ISSUER === devIssuer;
const env: NodeJS.ProcessEnv = {
  ...process.env,
  APP_BASE_URL: process.env.APP_BASE_URL || `http://localhost:${port}`,
  OIDC_ISSUER: process.env.OIDC_ISSUER || devIssuer,
  FABRIKAM_API_URL: process.env.FABRIKAM_API_URL || `http://localhost:${apiPort}`,
  IDP_PORT: idpPort,
  NEXT_TELEMETRY_DISABLED: "1",
  // The registry here lacks non-Linux SWC packages; the lockfile patch attempt only prints noise.
  NEXT_IGNORE_INCORRECT_LOCKFILE: "1",
  API_PORT: apiPort,
  // The API checks DPoP proofs against the URL the intranet calls it by (a proxy's, when there is one).
  API_PUBLIC_URL: process.env.API_PUBLIC_URL || process.env.FABRIKAM_API_URL || `http://localhost:${apiPort}`,
  // With the dev IdP this is the local demo: dev defaults for secrets are fine even in production mode.
  ...(devIdp ? { FABRIKAM_DEMO: "1" } : {}),
};

const require = createRequire(import.meta.url);
const tsx = require.resolve("tsx/cli");
const next = require.resolve("next/dist/bin/next");

const parties: [string, string[]][] = [
  ...(devIdp ? [["idp", [tsx, "idp/server.ts"]] as [string, string[]]] : []),
  ["api", [tsx, "api/server.ts"]],
  ["app", [next, mode, "--port", port, ...(mode === "dev" ? DEV_FLAGS : [])]],
];

const children: ChildProcess[] = [];
let stopping = false;

function stopAll(code: number) {
  if (stopping) return;
  stopping = true;
  // The exit code survives the event loop emptying before the timer below fires (it is unref'd).
  process.exitCode = code;
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  setTimeout(() => process.exit(code), 1500).unref();
}

for (const [name, args] of parties) {
  const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  const prefix = `[${name}] `;
  const forward = (stream: NodeJS.WriteStream) => (chunk: Buffer) => {
    for (const line of chunk.toString().split("\n")) if (line) stream.write(`${prefix}${line}\n`);
  };
  child.stdout?.on("data", forward(process.stdout));
  child.stderr?.on("data", forward(process.stderr));
  child.on("exit", (code) => {
    if (!stopping) console.error(`${prefix}exited with code ${code}; stopping the others`);
    stopAll(code ?? 1);
  });
  children.push(child);
}

process.on("SIGINT", () => stopAll(0));
process.on("SIGTERM", () => stopAll(0));
if (devIdp) {
  console.log(`Fabrikam demo: intranet ${env.APP_BASE_URL}, identity provider ${env.OIDC_ISSUER}, API ${env.FABRIKAM_API_URL}`);
  console.log("Demo users: alice / fabrikam-alice (TOTP JBSWY3DPEHPK3PXP), bob / fabrikam-bob (TOTP GEZDGNBVGY3TQOJQ)");
}
