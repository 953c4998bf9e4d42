import type { NextRequest } from "next/server";
import { receiveSecurityEvent } from "@/lib/auth/ssf-receiver";

/** SSF 1.0 / RFC 8935 push delivery: the provider's transmitter posts CAEP Security Event Tokens here. POST only. */
export async function POST(request: NextRequest) {
  return receiveSecurityEvent(request);
}
