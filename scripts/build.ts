/**
 * `npm run build`: `next build` with Next.js telemetry switched off, set here because an environment variable in a
 * package.json script is not portable (Windows shells have no `VAR=1 cmd`), and next.config.js is read too late.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";

const next = createRequire(import.meta.url).resolve("next/dist/bin/next");
const child = spawn(process.execPath, [next, "build", ...process.argv.slice(2)], {
  env: {
    ...process.env,
    // The demo sends nothing to Vercel, and the build log stays free of the telemetry notice.
    NEXT_TELEMETRY_DISABLED: "1",
    // The registry here lacks non-Linux SWC packages; the lockfile patch attempt only prints noise (as in scripts/run.ts).
    NEXT_IGNORE_INCORRECT_LOCKFILE: "1",
  },
  stdio: "inherit",
});
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
