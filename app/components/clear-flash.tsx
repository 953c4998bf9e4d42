"use client";

import { useEffect } from "react";
import { FLASH_COOKIE } from "@/lib/auth/flash";

/** Clears the one-shot flash cookie once its notice has been rendered, so a reload does not repeat it. */
export function ClearFlash() {
  useEffect(() => {
    document.cookie = `${FLASH_COOKIE}=; Max-Age=0; Path=/; SameSite=Lax`;
  }, []);
  return null;
}
