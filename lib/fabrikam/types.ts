/** Domain types of the Accounts API as the intranet uses them (money as integer cents). */

export interface Account {
  readonly id: string;
  readonly name: string;
  readonly currency: string;
  readonly balanceCents: number;
  /** A short code the owner and payers both see, telling accounts with the same name apart. */
  readonly reference: string;
}

export interface LedgerEntry {
  readonly id: string;
  readonly createdAt: Date;
  readonly amountCents: number;
  readonly counterparty: string;
  readonly memo: string | null;
}

export interface Payee {
  readonly accountId: string;
  /** Verified by the bank's directory, or (ownerNameVerified false) the name the person gave their provider. */
  readonly ownerName: string;
  readonly ownerNameVerified: boolean;
  readonly accountName: string;
  readonly reference: string;
}

export interface CompletedTransfer {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly amountCents: number;
  readonly currency: string;
  readonly memo: string | null;
  readonly createdAt: Date;
}
