import type { Metadata } from "next";
import { BenchPage } from "../bench-page";

export const metadata: Metadata = { title: "Benchmark" };

/** BENCH ONLY: gated by the middleware (lib/auth/bench-routes.ts), with no re-check in the page. */
export default function GatedBenchPage() {
  return <BenchPage />;
}
