import type { ReactNode } from "react";

/** Says the Accounts API cannot be reached right now; nothing was changed and the page works again once it is back. */
export function ApiUnavailableNotice({ children }: { children?: ReactNode }) {
  return (
    <div className="card mt-6 max-w-xl" role="alert">
      <h2 className="text-lg font-semibold">The Accounts API cannot be reached</h2>
      <p className="mt-2">Your accounts cannot be shown right now. Nothing was changed; reload this page in a moment.</p>
      {children}
    </div>
  );
}
