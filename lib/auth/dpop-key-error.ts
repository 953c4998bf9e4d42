/** Why the app's DPoP key cannot be used; each message says what an operator should do. */
export type DpopKeyErrorCode = "dpop_key_undecryptable" | "dpop_key_missing";

/**
 * A DPoP key that exists but cannot be opened, or a token whose key is gone. Never answered by quietly making a
 * new key: tokens already bound to the old one would stop working with no explanation.
 */
export class DpopKeyError extends Error {
  constructor(
    readonly code: DpopKeyErrorCode,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = "DpopKeyError";
  }
}

/**
 * Whether `error` is a DpopKeyError. By name, not instanceof: the keyring serves every Next.js module layer, so its
 * errors come from one layer's copy of this class and reach code whose copy is another.
 */
export function isDpopKeyError(error: unknown): error is DpopKeyError {
  return error instanceof Error && error.name === "DpopKeyError" && "code" in error;
}
