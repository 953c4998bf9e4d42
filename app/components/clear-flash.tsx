"use client";

import { useEffect } from "react";

/** Clears the one-shot flash cookie once its notice has been rendered (a reload does not repeat it), and moves focus to the notice. */
export function ClearFlash({ clearScript, focusId }: { clearScript: string; focusId: string }) {
  useEffect(() => {
    // The cookie module's own deletion string: the same name and attributes (`__Host-`, Secure) it was set with.
    // biome-ignore lint/suspicious/noDocumentCookie: the one cookie a script clears; the Cookie Store API is not in every browser yet
    document.cookie = clearScript;
    document.getElementById(focusId)?.focus();
  }, [clearScript, focusId]);
  return null;
}
