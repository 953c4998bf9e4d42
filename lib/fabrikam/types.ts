/** Domain types of the Accounts API as the intranet uses them (money as integer cents). */

export interface Account {
  readonly id: string;
  readonly name: string;
  readonly currency: string;
  readonly balanceCents: number;
}

export interface Transaction {
  readonly id: string;
  readonly createdAt: Date;
  readonly amountCents: number;
  readonly counterparty: string;
  readonly memo: string | null;
}

export interface Payee {
  readonly accountId: string;
  readonly ownerName: string;
  readonly accountName: string;
}

export interface Transfer {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly amountCents: number;
  readonly currency: string;
  readonly memo: string | null;
  readonly createdAt: Date;
}

/** What the intranet asks the API to move. */
export interface TransferRequest {
  readonly from: string;
  readonly to: string;
  readonly amount: string;
  readonly memo?: string;
}
