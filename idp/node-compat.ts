/**
 * oidc-provider 9 calls URL.parse (Node 22.1+/20.18+); the project supports Node 20.12+,
 * so older 20.x get the same behaviour from the URL constructor.
 */
if (typeof URL.parse !== "function") {
  URL.parse = (url: string | URL, base?: string | URL): URL | null => {
    try {
      return new URL(url, base);
    } catch {
      return null;
    }
  };
}

export {};
