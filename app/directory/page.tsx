import type { Metadata } from "next";
import { requirePolicy } from "@/lib/auth/dal";
import { listEmployees } from "@/lib/hr/employees";
import { ScrollRegion } from "../components/scroll-region";

export const metadata: Metadata = { title: "Directory" };

export default async function DirectoryPage() {
  await requirePolicy("/directory");
  const employees = listEmployees();
  return (
    <div>
      <h1 className="text-2xl font-bold">Employee directory</h1>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">A password sign-in is enough for this page.</p>
      <ScrollRegion label="Employee directory" hint="Scroll sideways for more columns" className="card mt-6 p-0">
        <table className="reflow-table w-full text-left text-sm">
          <caption className="sr-only">Fabrikam employees</caption>
          <thead className="border-b border-slate-200 dark:border-slate-800">
            <tr>
              {["Name", "Title", "Department", "Location", "Email"].map((heading) => (
                <th key={heading} scope="col" className="px-4 py-2 font-semibold">
                  {heading}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {employees.map((e) => (
              <tr key={e.id} className="border-b border-slate-100 last:border-0 dark:border-slate-800">
                <td className="px-4 py-2 font-medium">{e.name}</td>
                <td className="px-4 py-2" data-label="Title">
                  {e.title}
                </td>
                <td className="px-4 py-2" data-label="Department">
                  {e.department}
                </td>
                <td className="px-4 py-2" data-label="Location">
                  {e.location}
                </td>
                <td className="px-4 py-2 [overflow-wrap:anywhere]" data-label="Email">
                  <a href={`mailto:${e.email}`}>{e.email}</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </div>
  );
}
