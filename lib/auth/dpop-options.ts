import * as client from "openid-client";
import type { DpopKeyring } from "./dpop-keyring";
import type { StoredToken } from "./session";

/** DPoP options for the token request, and the thumbprint to store with the token it yields. */
export interface DpopBinding {
  readonly options: client.DPoPOptions;
  readonly jkt: string;
}

/** DPoP options that bind the token being requested to the keyring's current key (RFC 9449 §5). */
export async function bindingOptions(keyring: DpopKeyring, configuration: client.Configuration): Promise<DpopBinding> {
  const key = await keyring.current();
  return { options: { DPoP: client.getDPoPHandle(configuration, key.keyPair) }, jkt: key.jkt };
}

/** DPoP options proving possession for a bound token with the key it was bound to (RFC 9449 §7); none for Bearer. */
export async function proofOptions(
  keyring: DpopKeyring,
  configuration: client.Configuration,
  token: Pick<StoredToken, "dpop" | "jkt">,
): Promise<client.DPoPOptions | undefined> {
  if (!token.dpop) return undefined;
  return { DPoP: client.getDPoPHandle(configuration, (await keyring.boundTo(token.jkt)).keyPair) };
}
