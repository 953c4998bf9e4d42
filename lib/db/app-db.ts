import "server-only";
import { config } from "@/lib/config";
import { openAppDatabase, type AppDatabase } from "./database";

let opened: Promise<AppDatabase> | undefined;

/** The intranet's database, opened once per process; a failed open is retried on the next call. */
export function appDb(): Promise<AppDatabase> {
  const { DATABASE_URL, APP_DATA_DIR } = config();
  opened ??= openAppDatabase({ databaseUrl: DATABASE_URL, dataDir: APP_DATA_DIR }).catch((error: unknown) => {
    opened = undefined;
    throw error;
  });
  return opened;
}
