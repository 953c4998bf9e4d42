/**
 * The PostgreSQL the bench measures against: TEST_DATABASE_URL or DATABASE_URL when set; otherwise the machine's
 * local server on 127.0.0.1:5432, started the way .ci/run starts it when it is installed but stopped.
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";

/** The local database .ci/run uses. */
const LOCAL_URL = "postgres://postgres@127.0.0.1:5432/test";

const run = (command: string, args: string[]) => spawnSync(command, args, { encoding: "utf8", timeout: 20_000 });
const ready = () => run("pg_isready", ["-q", "-h", "127.0.0.1", "-p", "5432"]).status === 0;
const answers = (url: string) => run("psql", [url, "-qtc", "SELECT 1"]).status === 0;

/** A database URL to measure on, or why there is none (said in the results instead of a figure). */
export function benchDatabase(env: NodeJS.ProcessEnv = process.env): { url: string; said: string } | { url: undefined; said: string } {
  const given = env.TEST_DATABASE_URL || env.DATABASE_URL;
  if (given) return { url: given, said: "PostgreSQL from TEST_DATABASE_URL/DATABASE_URL" };
  if (run("pg_isready", ["--version"]).error) return { url: undefined, said: "no PostgreSQL client tools (pg_isready) on this machine" };
  if (!ready()) {
    // Debian's cluster wrapper, as in .ci/run; other installs are left to the person running the bench.
    const versions = (() => {
      try {
        return readdirSync("/etc/postgresql");
      } catch {
        return [];
      }
    })();
    const version = versions.sort().at(-1);
    if (!version) return { url: undefined, said: "no local PostgreSQL cluster to start (set TEST_DATABASE_URL)" };
    run("pg_ctlcluster", ["--skip-systemctl-redirect", version, "main", "start"]);
    for (let i = 0; i < 20 && !ready(); i += 1) spawnSync("sleep", ["1"]);
    if (!ready()) return { url: undefined, said: `the local PostgreSQL ${version} did not start (set TEST_DATABASE_URL)` };
  }
  if (!answers(LOCAL_URL)) return { url: undefined, said: `${LOCAL_URL} does not answer (no \`test\` database? set TEST_DATABASE_URL)` };
  return { url: LOCAL_URL, said: `the local PostgreSQL at ${LOCAL_URL}` };
}
