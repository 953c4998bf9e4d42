/** What a second-factor route needs from the sign-in flow (interactions.ts), without importing it. */
import type { Request, Response } from "express";
import type { Interaction } from "oidc-provider";

export interface SecondFactorFlow {
  /** The interaction named by `:uid` and the interaction cookie; answers the request itself and yields undefined on a mismatch. */
  load(req: Request, res: Response): Promise<Interaction | undefined>;
  /** The account that must present a second factor in this interaction, or undefined when none is due. */
  account(interaction: Interaction): string | undefined;
  /** The sentence saying why a second factor is asked. */
  why(interaction: Interaction): string;
  /** What this second factor approves ("Send $3.21 from … to …"), when the request carries a transfer. */
  approval(interaction: Interaction): Promise<string | undefined>;
  /** Ends the interaction as a multi-factor sign-in; `method` is the factor's RFC 8176 amr value. */
  finish(req: Request, res: Response, interaction: Interaction, accountId: string, method: string): Promise<void>;
  /** Ends the interaction with `access_denied` (too many wrong codes, a cancel); the client learns why. */
  deny(req: Request, res: Response, description: string): Promise<void>;
}

/** Seconds left before the interaction expires, for `interaction.save`. */
export function remainingTtl(interaction: Interaction): number {
  return Math.max(1, interaction.exp - Math.floor(Date.now() / 1000));
}

/**
 * Where the browser goes when this interaction already has its outcome (a login or an error): a second submission
 * of a finished step, such as a click racing the waiting page's own poll, follows the first instead of failing.
 */
export function finishedReturnTo(interaction: Interaction): string | undefined {
  const result = interaction.result;
  return result?.login || result?.error ? interaction.returnTo : undefined;
}
