import type { Metadata } from "next";
import { requirePolicy } from "@/lib/auth/dal";
import { config } from "@/lib/config";
import { formatCents } from "@/lib/format-money";
import { compensationFor } from "@/lib/hr/salaries";
import { Countdown } from "../components/countdown";
import { RelativeTime } from "../components/relative-time";

export const metadata: Metadata = { title: "Salary" };

export default async function SalaryPage() {
  const session = await requirePolicy("/salary");
  const pay = compensationFor(session.sub);
  const windowSeconds = config().salaryMfaMaxAge;
  const now = Math.floor(Date.now() / 1000);
  return (
    <div>
      <h1 className="text-2xl font-bold">Your salary</h1>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        Shown because your ID token proves a second factor {session.authTime ? <RelativeTime epochSeconds={session.authTime} /> : null}. It counts for{" "}
        {Math.round(windowSeconds / 60)} minutes
        {session.authTime ? (
          <>
            {" "}
            (<Countdown untilEpochSeconds={session.authTime + windowSeconds} serverNow={now} />)
          </>
        ) : null}
        ; after that the intranet asks for it again.
      </p>
      {pay ? (
        <div className="mt-6 grid gap-4 md:grid-cols-2">
          <section className="card" aria-labelledby="base-heading">
            <h2 id="base-heading" className="text-sm font-medium text-slate-600 dark:text-slate-400">
              Base salary
            </h2>
            <p className="mt-1 text-3xl font-bold" data-testid="base-salary">
              {formatCents(pay.baseSalaryCents, pay.currency)}
            </p>
            <p className="mt-1 text-sm">Bonus target {pay.bonusTargetPercent}%</p>
          </section>
          <section className="card" aria-labelledby="payslips-heading">
            <h2 id="payslips-heading" className="text-sm font-medium text-slate-600 dark:text-slate-400">
              Recent payslips
            </h2>
            <table className="mt-2 w-full text-left text-sm">
              <thead>
                <tr>
                  <th scope="col">Period</th>
                  <th scope="col" className="text-right">
                    Gross
                  </th>
                  <th scope="col" className="text-right">
                    Net
                  </th>
                </tr>
              </thead>
              <tbody>
                {pay.payslips.map((slip) => (
                  <tr key={slip.period}>
                    <td>{slip.period}</td>
                    <td className="text-right">{formatCents(slip.grossCents, pay.currency)}</td>
                    <td className="text-right">{formatCents(slip.netCents, pay.currency)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </div>
      ) : (
        <p className="card mt-6">HR has no compensation record for your account.</p>
      )}
    </div>
  );
}
