/**
 * Whether a transfer token approves the transfer asked for (RFC 9396): the token's `authorization_details` must
 * name exactly this from, to, amount and currency. Pure, so the property test can judge any transfer against any
 * approval; the route turns a refusal into a 403 before anything is spent.
 */
import { REFUSAL_REASONS } from "../../common/api-refusals";
import { approvedTransfer, differingMembers, type TransferDetails, type TransferMember } from "../../common/authorization-details";

/** The transfer a request asks for, as the API compares it: amounts in cents, currency as sent or the API's own. */
export interface RequestedTransfer {
  from: string;
  to: string;
  amountCents: number;
  currency: string;
}

/** The verdict: go ahead (held to `approved` when the token names a transfer), or refuse and say why. */
export type ApprovalDecision =
  | { readonly kind: "approved"; readonly approved: TransferDetails | undefined }
  | { readonly kind: "refused"; readonly reason: typeof REFUSAL_REASONS.noApprovedTransfer }
  | { readonly kind: "refused"; readonly reason: typeof REFUSAL_REASONS.transferNotApproved; readonly differing: readonly TransferMember[] };

/**
 * Judges `transfer` against the token's `authorization_details` claim. `required`: a token must approve one
 * transfer. Not required, a token without the claim may pay any one transfer, but one that carries the claim (in
 * any shape) is held to it: a token approved for one transfer never pays another.
 */
export function judgeTransferApproval(authorizationDetails: unknown, transfer: RequestedTransfer, required: boolean): ApprovalDecision {
  if (authorizationDetails === undefined && !required) return { kind: "approved", approved: undefined };
  const approved = approvedTransfer(authorizationDetails);
  if (!approved) return { kind: "refused", reason: REFUSAL_REASONS.noApprovedTransfer };
  const differing = differingMembers(approved, transfer);
  return differing.length === 0 ? { kind: "approved", approved } : { kind: "refused", reason: REFUSAL_REASONS.transferNotApproved, differing };
}

const MEMBER_WORDS: Record<TransferMember, string> = {
  from: "the account it pays from",
  to: "the payee",
  amount: "the amount",
  currency: "the currency",
};

/** "the amount", "the payee and the amount", "the payee, the amount and the currency". */
function listed(members: readonly TransferMember[]): string {
  const words = members.map((member) => MEMBER_WORDS[member]);
  return words.length <= 1 ? (words[0] ?? "") : `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}

/** The sentence for people that goes with a refusal (printable ASCII, so it fits a WWW-Authenticate header as is). */
export function describeRefusal(decision: Extract<ApprovalDecision, { kind: "refused" }>): string {
  if (decision.reason === REFUSAL_REASONS.noApprovedTransfer) {
    return "This token does not approve a specific transfer; ask for approval of this transfer and try again with the new token.";
  }
  const verb = decision.differing.length === 1 ? "differs" : "differ";
  return `This token approves a different transfer: ${listed(decision.differing)} ${verb} from what was approved. Ask for a new approval.`;
}
