import type { TransferField } from "@/lib/transfers/transfer-input";

/** What the transfer form shows after a submission that did not leave the page. */
export interface TransferFormState {
  readonly message?: string;
  readonly errors?: Partial<Record<TransferField, string>>;
  readonly values?: Partial<Record<TransferField, string>>;
}
