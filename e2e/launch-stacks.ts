/**
 * Starts every server of the e2e stacks at once and prints `e2e stacks ready` when all of them listen: Playwright
 * starts its webServer entries one after another, which left the suite waiting for twelve start-ups in a row.
 * Playwright runs this as its one webServer and ends its whole process group afterwards; SIGTERM/SIGINT stop the
 * servers by PID too. A server that fails to start, or dies during the run, is reported with its output.
 */
import { type OwnProcess, startOwnProcess } from "./own-processes";
import { forgetSpentSteps } from "./spent-codes";
import { STACK_SERVERS } from "./stack-servers";
import { SINGLE_USE_CODE_IDPS } from "./stacks";

const started = performance.now();
// Fresh IdPs have spent no codes: a record from an earlier run would only make the first sign-ins wait.
for (const port of SINGLE_USE_CODE_IDPS) forgetSpentSteps(port);
const results = await Promise.allSettled(
  STACK_SERVERS.map((spec) =>
    startOwnProcess(spec, {
      timeoutMs: 120_000,
      // Requests and ready lines go to stdout, which nobody reads; warnings and errors stay visible, named.
      onStderr: (text) => process.stderr.write(text.replace(/^(?=.)/gm, `[${spec.name}] `)),
    }),
  ),
);
const running = results.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
const failures = results.flatMap((result) => (result.status === "rejected" ? [result.reason as unknown] : []));

const stopAll = (servers: OwnProcess[]) => Promise.all(servers.map((server) => server.stop()));

if (failures.length > 0) {
  for (const failure of failures) console.error(failure instanceof Error ? failure.message : failure);
  await stopAll(running);
  process.exit(1);
}

let stopping = false;
for (const server of running) {
  void server.exited.then((code) => {
    if (!stopping) console.error(`[${server.name}] exited with ${code} during the run; its last output:\n${server.output().slice(-4000)}`);
  });
}
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    stopping = true;
    void stopAll(running).then(() => process.exit(0));
  });
}

console.log(`e2e stacks ready: ${running.length} servers in ${((performance.now() - started) / 1000).toFixed(1)} s`);
