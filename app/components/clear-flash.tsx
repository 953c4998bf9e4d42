"use client";

import { useEffect } from "react";

/** Clears the one-shot flash cookie once its notice has been rendered (a reload does not repeat it), and moves focus to the notice. */
export function ClearFlash({ cookie, focusId }: { cookie: string; focusId: string }) {
  useEffect(() => {
    document.cookie = `${cookie}=; Max-Age=0; Path=/; SameSite=Lax`;
    document.getElementById(focusId)?.focus();
  }, [cookie, focusId]);
  return null;
}
