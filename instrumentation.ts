/**
 * Runs once when the server starts (instrumentation-node.ts says what it does). The import sits inside the runtime
 * check, as Next.js documents, so the bundler drops it from the edge build, which has no `node:` modules.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { registerNodeServer } = await import("./instrumentation-node");
    await registerNodeServer();
  }
}
