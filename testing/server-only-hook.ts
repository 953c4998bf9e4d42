/**
 * Lets modules marked `import "server-only"` load under Node's test runner, as they do in Next.js's server build:
 * the marker resolves to the package's own empty module (what its `react-server` export points at), while React
 * and Next.js keep their ordinary builds. Loaded with `--import` by scripts/test-unit.ts; tests only.
 */
import { createRequire, registerHooks } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

const empty = pathToFileURL(join(dirname(createRequire(import.meta.url).resolve("server-only")), "empty.js")).href;

registerHooks({
  resolve(specifier, context, nextResolve) {
    return specifier === "server-only" ? { url: empty, shortCircuit: true } : nextResolve(specifier, context);
  },
});
