import "server-only";
import type * as client from "openid-client";
import { config } from "@/lib/config";
import { appDb } from "@/lib/db/app-db";
import { DpopKeyring } from "./dpop-keyring";
import { bindingOptions, type DpopBinding, proofOptions } from "./dpop-options";
import type { StoredToken } from "./session";

// One keyring per process, shared by the callback (binding) and the transfer action (proving); see app-db.ts for why globalThis.
const KEY = Symbol.for("fabrikam.intranet.transferDpopKeyring");
type Holder = { [KEY]?: DpopKeyring };
const holder = globalThis as Holder;

function keyring(): DpopKeyring {
  const { sessionSecret, dpopKeyMaxAge } = config();
  holder[KEY] ??= new DpopKeyring(appDb, { secret: sessionSecret, maxAge: dpopKeyMaxAge });
  return holder[KEY];
}

/** DPoP options binding a transfer token to the app's current key at the token endpoint (RFC 9449 §5), and that key's thumbprint. */
export function transferBinding(configuration: client.Configuration): Promise<DpopBinding> {
  return bindingOptions(keyring(), configuration);
}

/** Keeps the key a transfer token was bound to until the token expires. */
export function recordTransferBinding(jkt: string, expiresAt: number): Promise<void> {
  return keyring().recordBound(jkt, expiresAt);
}

/** DPoP options proving a bound token with the key it was bound to (RFC 9449 §7); undefined for a Bearer token. */
export function transferProof(configuration: client.Configuration, token: Pick<StoredToken, "dpop" | "jkt">): Promise<client.DPoPOptions | undefined> {
  return proofOptions(keyring(), configuration, token);
}
