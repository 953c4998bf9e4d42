import type { NextRequest } from "next/server";
import { receiveBackchannelLogout } from "@/lib/auth/backchannel-logout";

/** OIDC Back-Channel Logout 1.0: the provider posts a logout token here when the user's session there ends. POST only. */
export async function POST(request: NextRequest) {
  return receiveBackchannelLogout(request);
}
