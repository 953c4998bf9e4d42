import { ApiUnavailableError } from "./errors";

/**
 * Runs `load`; an unreachable Accounts API becomes `null`, so a page can say so plainly instead of falling into
 * the generic error boundary. Every other error (a refusal, a step-up) still propagates.
 */
export async function unlessApiUnavailable<T>(load: () => Promise<T>): Promise<T | null> {
  try {
    return await load();
  } catch (error) {
    if (!(error instanceof ApiUnavailableError)) throw error;
    console.error(JSON.stringify({ level: "warn", code: error.code, detail: error.message }));
    return null;
  }
}
