import type { AppDatabase } from "@/lib/db/database";
import { DpopKeyError } from "./dpop-key-error";
import { currentDpopKey, type DpopKey, dpopKeyFor, recordBoundToken } from "./dpop-key-store";

export interface DpopKeyringOptions {
  /** The secret the keys are sealed under (SESSION_SECRET). */
  readonly secret: string;
  /** Seconds after which new tokens are bound to a new key (DPOP_KEY_MAX_AGE). */
  readonly maxAge: number;
  /** Epoch seconds; tests move it. */
  readonly now?: () => number;
  /** Which keys (intranet_dpop_keys.purpose); defaults to the transfer key. */
  readonly purpose?: string;
}

const epochSeconds = () => Math.floor(Date.now() / 1000);

// A failed load is not cached, so the next request tries again (and reports the same error if it persists).
function uncachedOnFailure<T>(promise: Promise<T>, forget: () => void): Promise<T> {
  return promise.catch((error: unknown) => {
    forget();
    throw error;
  });
}

/**
 * The app's DPoP keys for one process: the current key for new transfer tokens, and the key each token was bound to.
 * Opened keys are kept in memory; the database is asked again only when the current key is due for rotation or a
 * token names a key this process has not opened yet. It hands out keys, not openid-client handles: one keyring
 * serves every Next.js module layer (see lib/db/app-db.ts), and each layer has its own openid-client, whose
 * handles only work with that layer's Configuration (lib/auth/dpop-options.ts makes them).
 */
export class DpopKeyring {
  #current: Promise<DpopKey> | undefined;
  readonly #byThumbprint = new Map<string, Promise<DpopKey>>();
  readonly #now: () => number;

  constructor(
    private readonly db: () => Promise<AppDatabase>,
    private readonly options: DpopKeyringOptions,
  ) {
    this.#now = options.now ?? epochSeconds;
  }

  #context() {
    const { secret, purpose } = this.options;
    return { secret, now: this.#now(), ...(purpose === undefined ? {} : { purpose }) };
  }

  /** The key new tokens are bound to, replaced once it is `maxAge` seconds old. */
  async current(): Promise<DpopKey> {
    const cached = this.#current ? await this.#current.catch(() => undefined) : undefined;
    if (cached && this.#now() - cached.createdAt < this.options.maxAge) return cached;
    const loading = this.db().then((db) => currentDpopKey(db, { ...this.#context(), maxAge: this.options.maxAge }));
    this.#current = uncachedOnFailure(loading, () => (this.#current = undefined));
    const key = await this.#current;
    this.#byThumbprint.set(key.jkt, Promise.resolve(key));
    return key;
  }

  /** The key a token was bound to (`jkt` recorded with it; undefined for tokens bound before thumbprints were recorded). */
  async boundTo(jkt: string | undefined): Promise<DpopKey> {
    const cacheKey = jkt ?? "";
    let loading = this.#byThumbprint.get(cacheKey);
    if (!loading) {
      const found = this.db()
        .then((db) => dpopKeyFor(db, jkt, this.#context()))
        .then((key) => {
          if (key) return key;
          throw new DpopKeyError(
            "dpop_key_missing",
            `The DPoP key ${jkt ?? "(migrated plaintext key)"} that this transfer token is bound to is no longer in intranet_dpop_keys. ` +
              "Keys are deleted only after their tokens expire, so someone deleted it; the user has to confirm the transfer again.",
          );
        });
      loading = uncachedOnFailure(found, () => this.#byThumbprint.delete(cacheKey));
      this.#byThumbprint.set(cacheKey, loading);
    }
    return loading;
  }

  /** Keeps the key `jkt` until a token bound to it expires at `expiresAt`. */
  async recordBound(jkt: string, expiresAt: number): Promise<void> {
    await recordBoundToken(await this.db(), jkt, expiresAt, this.#now());
  }
}
