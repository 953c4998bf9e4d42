"use client";

import { usePathname } from "next/navigation";

/** The main navigation's links, marking the current section with aria-current. */
export function NavLinks({ items }: { items: readonly { href: string; label: string }[] }) {
  const pathname = usePathname();
  return (
    <ul className="-mx-2 flex flex-wrap gap-1 text-sm lg:mx-0">
      {items.map((item) => {
        const current = pathname === item.href || pathname.startsWith(`${item.href}/`);
        return (
          <li key={item.href}>
            {/* Protected pages may redirect to the provider: a full navigation, not a client-side one. */}
            <a href={item.href} aria-current={current ? "page" : undefined} className="nav-link">
              {item.label}
            </a>
          </li>
        );
      })}
    </ul>
  );
}
