/**
 * Every cookie the intranet sets, one object each: its name, its attributes, and how to read, write and clear
 * it. Nobody else spells a cookie name or its options. Works with `cookies()` (pages, actions) and with a
 * request's or a `NextResponse`'s cookie store (middleware, route handlers, tests).
 */

/** Attributes the intranet's cookies use. */
export interface CookieOptions {
  readonly httpOnly: boolean;
  readonly sameSite: "lax";
  readonly secure: boolean;
  readonly path: "/";
  readonly maxAge?: number;
}

/** What reading needs: `cookies()`, `request.cookies`. */
export interface CookieSource {
  get(name: string): { value: string } | undefined;
}

/** What listing needs: `cookies()`, `request.cookies`. */
export interface CookieList {
  getAll(): { name: string }[];
}

/** What writing needs: `cookies()` in an action or route handler, `response.cookies`. */
export interface CookieSink {
  set(name: string, value: string, options: CookieOptions): unknown;
}

/** One cookie of the intranet's. */
export interface AppCookie {
  readonly name: string;
  /** Attributes without a lifetime; `write` adds it. */
  readonly options: CookieOptions;
  read(from: CookieSource): string | undefined;
  write(to: CookieSink, value: string, maxAgeSeconds: number): void;
  clear(to: CookieSink): void;
  /** A `document.cookie` assignment that deletes it, for the one cookie a script clears (the flash). */
  readonly clearScript: string;
}

// Under https every cookie gets `__Host-` (RFC 6265bis §4.1.3.2): Secure, Path=/, no Domain, so a sibling
// subdomain can neither plant nor overwrite it. Plain-http development keeps the bare names.
const HOST_PREFIX = "__Host-";

function appCookie(baseName: string, httpOnly: boolean, secure: boolean): AppCookie {
  const name = secure ? `${HOST_PREFIX}${baseName}` : baseName;
  const options: CookieOptions = { httpOnly, sameSite: "lax", secure, path: "/" };
  return {
    name,
    options,
    read: (from) => from.get(name)?.value || undefined,
    write: (to, value, maxAgeSeconds) => void to.set(name, value, { ...options, maxAge: Math.max(0, Math.floor(maxAgeSeconds)) }),
    clear: (to) => void to.set(name, "", { ...options, maxAge: 0 }),
    clearScript: `${name}=; Max-Age=0; Path=/; SameSite=Lax${secure ? "; Secure" : ""}`,
  };
}

/** Characters a login `state` may have; anything else never names a cookie. */
export const STATE_PATTERN = /^[\w-]{16,128}$/;

/** The intranet's cookies for an app served over https (`secure`) or plain http. */
export function appCookies(secure: boolean) {
  const transactionPrefix = `${secure ? HOST_PREFIX : ""}fabrikam_txn_`;
  const loginTransaction = (state: string) => {
    if (!STATE_PATTERN.test(state)) throw new RangeError("not a login state");
    return appCookie(`fabrikam_txn_${state}`, true, secure);
  };
  return {
    /** The sealed session (lib/auth/session.ts). */
    session: appCookie("fabrikam_session", true, secure),
    /** A sealed transfer waiting for its step-up (lib/transfers/pending-transfer.ts). */
    pendingTransfer: appCookie("fabrikam_pending_transfer", true, secure),
    /** The sealed receipt of a completed transfer, announced by the flash (lib/transfers/transfer-receipt.ts). */
    transferReceipt: appCookie("fabrikam_transfer_receipt", true, secure),
    /** The one-shot "what changed" notice; readable by the script that clears it, so it holds only an enum. */
    flash: appCookie("fabrikam_flash", false, secure),
    /** One sealed login transaction per `state`, so two tabs signing in at once don't clobber each other. */
    loginTransaction,
    /** The login transaction cookies a browser sent. */
    loginTransactionsIn: (from: CookieList): AppCookie[] =>
      from
        .getAll()
        .map(({ name }) => (name.startsWith(transactionPrefix) ? name.slice(transactionPrefix.length) : ""))
        .filter((state) => STATE_PATTERN.test(state))
        .map(loginTransaction),
  };
}

export type AppCookies = ReturnType<typeof appCookies>;
