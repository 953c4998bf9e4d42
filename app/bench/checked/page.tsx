import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { benchEnabled } from "@/lib/auth/bench-routes";
import { requirePolicy } from "@/lib/auth/dal";
import { BenchPage } from "../bench-page";

export const metadata: Metadata = { title: "Benchmark" };

/** BENCH ONLY: gated by the middleware and re-checked here, as every real protected page does. */
export default async function CheckedBenchPage() {
  if (!benchEnabled()) notFound();
  await requirePolicy("/bench/checked");
  return <BenchPage />;
}
