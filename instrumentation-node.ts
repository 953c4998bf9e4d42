/**
 * Start-up of the Node.js server: a bad environment stops it here, with every problem listed and a non-zero exit,
 * instead of a server that answers every request with a 500. Then the SSF stream registration starts in the
 * background (a provider that is down only delays it).
 */
import { ConfigError, config } from "@/lib/config";

export async function registerNodeServer(): Promise<void> {
  try {
    config();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
  // `next build` may load this module while collecting pages: no provider is needed, or asked, then.
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { keepStreamRegistered } = await import("@/lib/auth/ssf-registration");
  keepStreamRegistered();
}
