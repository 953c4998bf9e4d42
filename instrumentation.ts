/**
 * Runs once when the server starts: a bad environment stops it here, with every problem listed and a non-zero
 * exit, instead of a server that answers every request with a 500.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { config, ConfigError } = await import("@/lib/config");
  try {
    config();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
