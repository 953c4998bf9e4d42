/**
 * The transfer bench's load generator, run as a child process (bench/transfers.ts forks it) so that making
 * requests does not share the API's JavaScript thread. It receives each worker's list of requests over IPC, sends
 * them with one keep-alive connection per worker, and answers with the elapsed time and the statuses it saw.
 */
import { Agent, request } from "node:http";

/** One request: the token that pays for it and the transfer it asks for. */
export interface PlannedTransfer {
  token: string;
  from: string;
  to: string;
}

/** What the parent sends: the API's URL and, per worker, the requests it makes one after another. */
export interface ClientJob {
  url: string;
  workers: PlannedTransfer[][];
}

/** What the client answers. */
export interface ClientResult {
  seconds: number;
  statuses: Record<number, number>;
}

function post(agent: Agent, url: URL, transfer: PlannedTransfer): Promise<number> {
  const body = JSON.stringify({ from: transfer.from, to: transfer.to, amount: "0.01", memo: "bench" });
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: "POST",
        agent,
        headers: { authorization: `Bearer ${transfer.token}`, "content-type": "application/json", "content-length": Buffer.byteLength(body) },
      },
      (res) => {
        res.on("error", reject);
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.resume();
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

async function runJob(job: ClientJob): Promise<ClientResult> {
  const url = new URL("/transfers", job.url);
  const agent = new Agent({ keepAlive: true, maxSockets: job.workers.length });
  const statuses: Record<number, number> = {};
  const start = performance.now();
  await Promise.all(
    job.workers.map(async (transfers) => {
      for (const transfer of transfers) {
        const status = await post(agent, url, transfer);
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  agent.destroy();
  return { seconds, statuses };
}

process.on("message", (job: ClientJob) => {
  runJob(job).then(
    (result) => process.send?.({ result }),
    (error: unknown) => process.send?.({ error: error instanceof Error ? error.message : String(error) }),
  );
});
