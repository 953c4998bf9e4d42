/** One structured line per authentication event, for log pipelines. */
export function logAuthEvent(event: string, fields: Record<string, string | number | boolean | undefined>): void {
  console.log(JSON.stringify({ at: new Date().toISOString(), event, ...fields }));
}
