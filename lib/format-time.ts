/** Formats an instant for people, the same on the server and in every browser: "28 Nov 2026, 13:21 UTC". */
export function formatInstant(at: Date): string {
  // A fixed zone: the server renders these, and it does not know the reader's.
  const text = new Intl.DateTimeFormat("en-GB", {
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone: "UTC",
  }).format(at);
  return `${text} UTC`;
}

/** A short date for lists: "28 Nov", or "28 Nov 2025" outside the year of `now`. */
export function formatDay(at: Date, now: Date = new Date()): string {
  const sameYear = at.getUTCFullYear() === now.getUTCFullYear();
  return new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", ...(sameYear ? {} : { year: "numeric" }), timeZone: "UTC" }).format(at);
}
