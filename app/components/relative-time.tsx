"use client";

import { useEffect, useState } from "react";

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["day", 86400],
  ["hour", 3600],
  ["minute", 60],
  ["second", 1],
];

function describeAgo(epochSeconds: number, now: number): string {
  const delta = epochSeconds - now;
  const format = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
  for (const [unit, seconds] of UNITS) {
    if (Math.abs(delta) >= seconds || unit === "second") return format.format(Math.round(delta / seconds), unit);
  }
  return "";
}

/** "3 minutes ago" / "in 12 minutes", kept current while the page is open. */
export function RelativeTime({ epochSeconds }: { epochSeconds: number }) {
  const [now, setNow] = useState(() => Math.floor(Date.now() / 1000));
  useEffect(() => {
    const timer = setInterval(() => setNow(Math.floor(Date.now() / 1000)), 5000);
    return () => clearInterval(timer);
  }, []);
  return (
    <time dateTime={new Date(epochSeconds * 1000).toISOString()} title={new Date(epochSeconds * 1000).toUTCString()} suppressHydrationWarning>
      {describeAgo(epochSeconds, now)}
    </time>
  );
}
