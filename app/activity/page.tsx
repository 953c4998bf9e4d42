import type { Metadata } from "next";
import { auditEventsOf, auditLabel } from "@/lib/audit/audit-events";
import { requirePolicy } from "@/lib/auth/dal";
import { config } from "@/lib/config";
import { appDb } from "@/lib/db/app-db";
import { ScrollRegion } from "../components/scroll-region";

export const metadata: Metadata = { title: "Your activity" };

// Only facts a person can act on; internal ids stay in the server log.
const SHOWN_DETAILS = ["amount", "from", "to", "page", "acr", "amr", "shortfall", "code", "reason", "level", "sessions_ended", "sessions_downgraded"] as const;

/** The signed-in user's own authentication and transfer events, newest first. */
export default async function ActivityPage() {
  const session = await requirePolicy("/activity");
  const events = await auditEventsOf(await appDb(), session.sub);
  return (
    <div>
      <h1 className="text-2xl font-bold">Your activity</h1>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        Sign-ins, extra verifications and transfers on your account, newest first. Something you don&apos;t recognise? Sign out and tell IT security.
      </p>
      {events.length === 0 ? (
        <p className="mt-6">No activity recorded yet.</p>
      ) : (
        <ScrollRegion label="Your activity" hint="Scroll sideways for more columns" className="card mt-6 p-0">
          <table className="reflow-table w-full text-left text-sm">
            <caption className="sr-only">Your recent activity</caption>
            <thead className="border-b border-slate-200 dark:border-slate-800">
              <tr>
                {["When", "Event", "Details"].map((heading) => (
                  <th key={heading} scope="col" className="px-4 py-2 font-semibold">
                    {heading}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.id} className="border-b border-slate-100 last:border-0 dark:border-slate-800">
                  <td className="px-4 py-2 whitespace-nowrap">
                    <time dateTime={e.at.toISOString()}>{e.at.toISOString().replace("T", " ").slice(0, 19)} UTC</time>
                  </td>
                  <td className="px-4 py-2 font-medium">{auditLabel(e.event, config().providerName)}</td>
                  <td className="px-4 py-2 [overflow-wrap:anywhere]">
                    {SHOWN_DETAILS.filter((key) => e.detail[key] !== undefined)
                      .map((key) => `${key}: ${String(e.detail[key])}`)
                      .join(" · ")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </div>
  );
}
