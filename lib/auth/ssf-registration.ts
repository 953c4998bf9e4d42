import "server-only";
import { logAuthEvent } from "./log";
import { ensureStream } from "./ssf-stream";
import { TransmitterUnavailable } from "./ssf-transmitter";

/** First retry after a failed registration; each further one waits twice as long, up to the check interval. */
export const STREAM_RETRY_FIRST_MS = 2000;

/**
 * How often a registered stream is checked again: the dev transmitter keeps streams in memory, so after its restart
 * the stream is gone until the receiver registers again.
 */
export const STREAM_CHECK_INTERVAL_MS = 60_000;

let started = false;

/**
 * Keeps this instance's SSF stream registered, in the background: at start, then every check interval, with
 * backoff while the provider is down. Never throws and never holds the process open; a provider without SSF
 * metadata stops it (logged once). Started from instrumentation.ts, so `next build` never runs it.
 */
export function keepStreamRegistered(): void {
  if (started) return;
  started = true;
  let failures = 0;
  const schedule = (ms: number) => setTimeout(attempt, ms).unref();
  const attempt = async () => {
    try {
      const stream = await ensureStream();
      if (stream.created || failures > 0) logAuthEvent("ssf_stream_registered", { stream_id: stream.streamId, created: stream.created });
      failures = 0;
      schedule(STREAM_CHECK_INTERVAL_MS);
    } catch (error) {
      if (error instanceof TransmitterUnavailable && error.code === "ssf_not_offered") {
        logAuthEvent("ssf_stream_off", { detail: `${error.message}: CAEP events are not received` });
        return;
      }
      failures += 1;
      const wait = Math.min(STREAM_CHECK_INTERVAL_MS, STREAM_RETRY_FIRST_MS * 2 ** (failures - 1));
      logAuthEvent("ssf_stream_failed", { attempt: failures, retry_in_ms: wait, detail: error instanceof Error ? error.message : String(error) });
      schedule(wait);
    }
  };
  void attempt();
}
