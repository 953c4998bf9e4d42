/** One structured log line: a stable `code`, plus whatever helps an operator. */
export interface LogEvent {
  level: "info" | "warn" | "error";
  code: string;
  [field: string]: unknown;
}

/** Where the API writes its logs; tests pass a silent one. */
export type Logger = (event: LogEvent) => void;

/** JSON lines on stderr, one per event. */
export const consoleLogger: Logger = (event) => {
  console.error(JSON.stringify({ time: new Date().toISOString(), ...event }));
};

/** Discards everything. */
export const silentLogger: Logger = () => undefined;
