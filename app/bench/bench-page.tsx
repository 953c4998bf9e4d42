import { notFound } from "next/navigation";
import { connection } from "next/server";
import { benchEnabled } from "@/lib/auth/bench-routes";

/**
 * BENCH ONLY: the one tiny page that /bench/open, /bench/gated and /bench/checked all serve, so the gate-cost
 * benchmark compares the gates and nothing else. 404 unless FABRIKAM_BENCH=1.
 */
export async function BenchPage() {
  // Read at request time, never baked in at build time.
  await connection();
  if (!benchEnabled()) notFound();
  return (
    <div>
      <h1 className="text-2xl font-bold">Benchmark page</h1>
      <p className="mt-1 text-sm">Three routes serve this same page: with no gate, through the middleware, and re-checked.</p>
    </div>
  );
}
