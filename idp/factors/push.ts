/**
 * Push approval ("Fabrikam Verify"): a sign-in waiting for a second factor creates a request that the user
 * approves or denies on their device page. Requests live in memory, are bound to one interaction and one
 * account, expire after two minutes, and are used at most once.
 */
import { randomBytes } from "node:crypto";

export type PushStatus = "pending" | "approved" | "denied" | "expired";

export interface PushRequest {
  readonly id: string;
  readonly accountId: string;
  readonly interactionUid: string;
  readonly clientName: string;
  /** The sentence the sign-in page shows, repeated on the device so the user knows what they approve. */
  readonly why: string;
  readonly createdAt: number;
  status: PushStatus;
}

/** Seconds a request waits for an answer. */
export const PUSH_TTL_SECONDS = 120;

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** An in-memory store of push requests (the dev IdP runs as one process). */
export class PushRequests {
  private readonly byId = new Map<string, PushRequest>();

  /** Opens a request for `interactionUid`, replacing any earlier one for the same sign-in. */
  create(input: Omit<PushRequest, "id" | "createdAt" | "status">, now = nowSeconds()): PushRequest {
    for (const [id, request] of this.byId) if (request.interactionUid === input.interactionUid) this.byId.delete(id);
    const request: PushRequest = { ...input, id: randomBytes(16).toString("base64url"), createdAt: now, status: "pending" };
    this.byId.set(request.id, request);
    return request;
  }

  /** The request of a sign-in, with its status brought up to date. */
  forInteraction(interactionUid: string, now = nowSeconds()): PushRequest | undefined {
    for (const request of this.byId.values()) if (request.interactionUid === interactionUid) return this.refresh(request, now);
    return undefined;
  }

  /** Requests still waiting for `accountId`'s answer, newest first. */
  pendingFor(accountId: string, now = nowSeconds()): PushRequest[] {
    return [...this.byId.values()]
      .map((request) => this.refresh(request, now))
      .filter((request) => request.accountId === accountId && request.status === "pending")
      .sort((a, b) => b.createdAt - a.createdAt);
  }

  /** Records the account owner's answer. False when the request is not theirs or no longer pending. */
  answer(id: string, accountId: string, approve: boolean, now = nowSeconds()): boolean {
    const request = this.byId.get(id);
    if (!request || request.accountId !== accountId || this.refresh(request, now).status !== "pending") return false;
    request.status = approve ? "approved" : "denied";
    return true;
  }

  /** Takes an approved request out of the store (single use). True only for an approval of this sign-in and account. */
  consumeApproval(interactionUid: string, accountId: string, now = nowSeconds()): boolean {
    const request = this.forInteraction(interactionUid, now);
    if (!request || request.accountId !== accountId || request.status !== "approved") return false;
    this.byId.delete(request.id);
    return true;
  }

  private refresh(request: PushRequest, now: number): PushRequest {
    if (request.status === "pending" && now - request.createdAt >= PUSH_TTL_SECONDS) request.status = "expired";
    // Answered or expired requests are kept a while so the sign-in page can explain what happened.
    if (now - request.createdAt >= PUSH_TTL_SECONDS * 5) this.byId.delete(request.id);
    return request;
  }
}
