import type { Metadata } from "next";
import { BenchPage } from "../bench-page";

export const metadata: Metadata = { title: "Benchmark" };

/** BENCH ONLY: no route policy, so the middleware lets it through without reading the session. */
export default function OpenBenchPage() {
  return <BenchPage />;
}
