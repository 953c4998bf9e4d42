/**
 * Push approval ("Fabrikam Verify"): a sign-in waiting for a second factor creates a request that the user
 * approves or denies on their device page. Requests live in memory, are bound to one interaction and one
 * account, expire after two minutes, and are used at most once. Number matching (as Microsoft and Okta do it):
 * the sign-in page shows a number that must be typed on the device to approve, so a request the user did not
 * start cannot be approved by reflex.
 */
import { randomBytes, randomInt } from "node:crypto";

/**
 * `used`: approved and spent by its sign-in. `wrong_number`: denied because the number typed on the device was not
 * the one the sign-in page showed.
 */
export type PushStatus = "pending" | "approved" | "used" | "denied" | "wrong_number" | "expired";

/** What answering a request did; `gone` when it was not this account's or no longer waiting. */
export type PushAnswer = "approved" | "denied" | "wrong_number" | "gone";

export interface PushRequest {
  readonly id: string;
  readonly accountId: string;
  readonly interactionUid: string;
  readonly clientName: string;
  /** The sentence the sign-in page shows, repeated on the device so the user knows what they approve. */
  readonly why: string;
  /** The transfer being approved ("Send $3.21 from … to …"), shown on the device card; undefined for a plain sign-in. */
  readonly approval?: string;
  /**
   * Which transfer this request approves (transfer-request.ts `transferKey`, "" for none): the sign-in completes only
   * if its own transfer is still exactly this one.
   */
  readonly transferKey: string;
  /** Shown on the sign-in page only; the device page asks for it. */
  readonly number: number;
  readonly createdAt: number;
  status: PushStatus;
}

/** Seconds a request waits for an answer. */
export const PUSH_TTL_SECONDS = 120;

/** Requests that may wait for one account at a time: more is push bombing, not a person signing in. */
export const MAX_PENDING_PER_ACCOUNT = 3;

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** An in-memory store of push requests (the dev IdP runs as one process). */
export class PushRequests {
  private readonly byId = new Map<string, PushRequest>();

  /**
   * Opens a request for `interactionUid`, replacing any earlier one for the same sign-in. Undefined, and nothing
   * sent, when the account already has MAX_PENDING_PER_ACCOUNT other requests waiting.
   */
  create(input: Omit<PushRequest, "id" | "number" | "createdAt" | "status">, now = nowSeconds()): PushRequest | undefined {
    const others = this.pendingFor(input.accountId, now).filter((request) => request.interactionUid !== input.interactionUid);
    if (others.length >= MAX_PENDING_PER_ACCOUNT) return undefined;
    for (const [id, request] of this.byId) if (request.interactionUid === input.interactionUid) this.byId.delete(id);
    const request: PushRequest = {
      ...input,
      id: randomBytes(16).toString("base64url"),
      number: randomInt(10, 100),
      createdAt: now,
      status: "pending",
    };
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

  /** The account owner approves, typing the number the sign-in page shows. A wrong number denies the request. */
  approve(id: string, accountId: string, typedNumber: string, now = nowSeconds()): PushAnswer {
    const request = this.waiting(id, accountId, now);
    if (!request) return "gone";
    // Fails closed: one wrong guess ends the request, so an attacker gets no second try at the number.
    request.status = typedNumber.trim() === String(request.number) ? "approved" : "wrong_number";
    return request.status;
  }

  /** The account owner denies the request. */
  deny(id: string, accountId: string, now = nowSeconds()): PushAnswer {
    const request = this.waiting(id, accountId, now);
    if (!request) return "gone";
    request.status = "denied";
    return "denied";
  }

  /** Spends an approved request (single use). True only for an approval of this sign-in, account and transfer. */
  consumeApproval(interactionUid: string, accountId: string, transferKey: string, now = nowSeconds()): boolean {
    const request = this.forInteraction(interactionUid, now);
    if (!request || request.accountId !== accountId || request.status !== "approved" || request.transferKey !== transferKey) return false;
    // Kept as `used` rather than deleted: a second completion arriving meanwhile can tell it was spent, not lost.
    request.status = "used";
    return true;
  }

  /** The request `id` when it is `accountId`'s and still waiting for an answer. */
  private waiting(id: string, accountId: string, now: number): PushRequest | undefined {
    const request = this.byId.get(id);
    return request && request.accountId === accountId && this.refresh(request, now).status === "pending" ? request : undefined;
  }

  private refresh(request: PushRequest, now: number): PushRequest {
    if (request.status === "pending" && now - request.createdAt >= PUSH_TTL_SECONDS) request.status = "expired";
    // Answered or expired requests are kept a while so the sign-in page can explain what happened.
    if (now - request.createdAt >= PUSH_TTL_SECONDS * 5) this.byId.delete(request.id);
    return request;
  }
}
