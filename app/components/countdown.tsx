"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";

function remaining(seconds: number): string {
  if (seconds <= 0) return "expired";
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const mm = String(m).padStart(2, "0");
  const ss = String(s).padStart(2, "0");
  return h > 0 ? `${h}:${mm}:${ss} left` : `${mm}:${ss} left`;
}

const clientSeconds = () => Date.now() / 1000;

/**
 * "04:59 left", ticking every second; "expired" once `untilEpochSeconds` passes. Counts on the server's clock
 * (`serverNow`, the epoch seconds the page was rendered at), so a browser whose clock is off still counts right.
 * With `refreshAtZero` the page's server components are rendered again once it expires, so verdicts beside it update.
 */
export function Countdown({ untilEpochSeconds, serverNow, refreshAtZero = false }: { untilEpochSeconds: number; serverNow: number; refreshAtZero?: boolean }) {
  const router = useRouter();
  const skew = useRef<number | undefined>(undefined);
  const [now, setNow] = useState(serverNow);
  const left = untilEpochSeconds - now;
  // One second past the end, so the server, which compares strictly, agrees that it lapsed.
  const lapsed = left < 0;
  useEffect(() => {
    skew.current ??= serverNow - clientSeconds();
    if (lapsed) return undefined;
    const timer = setInterval(() => setNow(Math.floor(clientSeconds() + (skew.current ?? 0))), 1000);
    return () => clearInterval(timer);
  }, [serverNow, lapsed]);
  useEffect(() => {
    if (refreshAtZero && lapsed) router.refresh();
  }, [refreshAtZero, lapsed, router]);
  return (
    // role="timer" is not announced on every tick: screen readers read it when the user gets there.
    <span role="timer" className="font-mono tabular-nums">
      {remaining(left)}
    </span>
  );
}
