"use client";

import { useEffect, useState } from "react";

function remaining(seconds: number): string {
  if (seconds <= 0) return "expired";
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const mm = String(m).padStart(2, "0");
  const ss = String(s).padStart(2, "0");
  return h > 0 ? `${h}:${mm}:${ss} left` : `${mm}:${ss} left`;
}

/** "04:59 left", ticking every second; "expired" once `untilEpochSeconds` passes. */
export function Countdown({ untilEpochSeconds }: { untilEpochSeconds: number }) {
  const [now, setNow] = useState(() => Math.floor(Date.now() / 1000));
  useEffect(() => {
    const timer = setInterval(() => setNow(Math.floor(Date.now() / 1000)), 1000);
    return () => clearInterval(timer);
  }, []);
  return (
    // role="timer" is not announced on every tick: screen readers read it when the user gets there.
    <span role="timer" className="font-mono tabular-nums" suppressHydrationWarning>
      {remaining(untilEpochSeconds - now)}
    </span>
  );
}
