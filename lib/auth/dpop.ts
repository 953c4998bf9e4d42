import "server-only";
import * as client from "openid-client";
import { appDb } from "@/lib/db/app-db";
import { loadOrCreateDpopKey } from "./dpop-key-store";

// One key per process, shared by the callback (binding) and the transfer action (proving); see app-db.ts for why globalThis.
const KEY = Symbol.for("fabrikam.intranet.transferDpopKey");
type Holder = { [KEY]?: Promise<CryptoKeyPair> };
const holder = globalThis as Holder;

function transferKeyPair(): Promise<CryptoKeyPair> {
  holder[KEY] ??= appDb()
    // Node's webcrypto types list key usages the DOM's do not know yet; the objects are the same.
    .then((db) => loadOrCreateDpopKey(db) as Promise<unknown> as Promise<CryptoKeyPair>)
    .catch((error: unknown) => {
      holder[KEY] = undefined;
      throw error;
    });
  return holder[KEY];
}

/** DPoP options binding (at the token endpoint) or proving (at the API) with the app's transfer key (RFC 9449). */
export async function transferDpop(configuration: client.Configuration): Promise<client.DPoPOptions> {
  return { DPoP: client.getDPoPHandle(configuration, await transferKeyPair()) };
}
