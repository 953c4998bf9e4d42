import "server-only";
import { config } from "@/lib/config";
import { type AppDatabase, openAppDatabase } from "./database";

// Next.js bundles pages, route handlers and server actions into separate module layers, so a module-level
// singleton exists once per layer. The database must be one per process (PGlite allows one opener per
// directory, and `memory://` would give each layer its own data), so the handle lives on globalThis.
const KEY = Symbol.for("fabrikam.intranet.appDb");
type Holder = { [KEY]?: Promise<AppDatabase> };
const holder = globalThis as Holder;

/** The intranet's database, opened once per process; a failed open is retried on the next call. */
export function appDb(): Promise<AppDatabase> {
  const { databaseUrl, dataDir } = config();
  holder[KEY] ??= openAppDatabase({ databaseUrl, dataDir }).catch((error: unknown) => {
    holder[KEY] = undefined;
    throw error;
  });
  return holder[KEY];
}
