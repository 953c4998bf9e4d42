import "server-only";

/** An entry in the Fabrikam employee directory (readable by anyone signed in). */
export interface Employee {
  readonly id: string;
  readonly name: string;
  readonly title: string;
  readonly department: string;
  readonly email: string;
  readonly location: string;
}

const EMPLOYEES: readonly Employee[] = [
  { id: "alice", name: "Alice Johnson", title: "Finance Manager", department: "Finance", email: "alice@fabrikam.example", location: "Seattle" },
  { id: "bob", name: "Bob Smith", title: "Account Executive", department: "Sales", email: "bob@fabrikam.example", location: "Denver" },
  { id: "carol", name: "Carol Diaz", title: "Staff Engineer", department: "Engineering", email: "carol@fabrikam.example", location: "Remote" },
  { id: "dan", name: "Dan Okafor", title: "HR Business Partner", department: "People", email: "dan@fabrikam.example", location: "Seattle" },
  { id: "erin", name: "Erin Park", title: "Customer Success Lead", department: "Customer Success", email: "erin@fabrikam.example", location: "Austin" },
];

/** Every employee, by name. */
export function listEmployees(): readonly Employee[] {
  return [...EMPLOYEES].sort((a, b) => a.name.localeCompare(b.name));
}
