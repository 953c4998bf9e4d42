/**
 * What the user's own account pages tell the world (CAEP 1.0): "sign me out of every application" is a
 * session-revoked event, and removing a passkey lowers the assurance the account can show, an
 * assurance-level-change (decrease). The IdP itself acts on the first too: its own sessions of that account started
 * before the sign-out ask for the password again (signedOutBefore, read by the interaction policy).
 */
import { ASSURANCE_LEVELS, ASSURANCE_NAMESPACE, CAEP_ASSURANCE_LEVEL_CHANGE, CAEP_SESSION_REVOKED } from "../../common/ssf";
import type { DeliveryOutcome, Transmitter } from "./transmitter";

const nowSeconds = () => Math.floor(Date.now() / 1000);

export class AccountSignals {
  private readonly signedOutAt = new Map<string, number>();

  constructor(private readonly transmitter: Transmitter) {}

  /** Epoch seconds of the account's last "sign out of every application", if any. */
  signedOutBefore(accountId: string): number | undefined {
    return this.signedOutAt.get(accountId);
  }

  /** The user signed out of every application: this IdP's sessions and every receiver's end. */
  async signedOutEverywhere(accountId: string): Promise<DeliveryOutcome[]> {
    const at = nowSeconds();
    this.signedOutAt.set(accountId, at);
    return this.transmitter.send(CAEP_SESSION_REVOKED, this.transmitter.subject(accountId), {
      event_timestamp: at,
      initiating_entity: "user",
      reason_user: { en: "You signed out of every application at Fabrikam Identity." },
    });
  }

  /** A second factor was removed: what the user proved with it before no longer counts as multi-factor. */
  async secondFactorRemoved(accountId: string, what: string): Promise<DeliveryOutcome[]> {
    return this.transmitter.send(CAEP_ASSURANCE_LEVEL_CHANGE, this.transmitter.subject(accountId), {
      event_timestamp: nowSeconds(),
      initiating_entity: "user",
      namespace: ASSURANCE_NAMESPACE,
      current_level: ASSURANCE_LEVELS.password,
      previous_level: ASSURANCE_LEVELS.multiFactor,
      change_direction: "decrease",
      reason_user: { en: `You removed ${what} at Fabrikam Identity.` },
    });
  }
}
