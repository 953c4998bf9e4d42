/** Runs once when the server starts: a bad environment stops it here, with every problem listed. */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { config } = await import("@/lib/config");
    config();
  }
}
