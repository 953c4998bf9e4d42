import { AMR } from "@/common/step-up";
import type { AssuranceDecrease } from "./assurance-store";
import type { Session } from "./session";

/**
 * The session as it counts after a CAEP assurance decrease (`decrease`, or none): one authenticated before the
 * decrease (or with no auth_time to tell) keeps only the password's evidence — no acr, amr `pwd`, no transfer token —
 * so pages that need a second factor ask for one again while the others carry on. Pure: the seal is untouched.
 */
export function applyAssuranceDecrease(session: Session, decrease: AssuranceDecrease | undefined): Session {
  if (!decrease || (session.authTime !== undefined && session.authTime >= decrease.at)) return session;
  const { acr: _acr, transferToken: _transferToken, ...rest } = session;
  return { ...rest, amr: [AMR.password], downgrade: decrease };
}
