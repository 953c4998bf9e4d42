/**
 * The IdP's browser scripts under /static: the files of `idp/public/` and single files from packages (the WebAuthn
 * browser bundle). Every file is served relative to a `root`, so only the part of the path below that root is checked
 * for dot-named folders: a checkout under `~/.projects/` works like any other.
 */
import path from "node:path";
import express, { type Router } from "express";

const MAX_AGE = "1h";

/**
 * Mount at `/static`. `files` maps a public name (e.g. `simplewebauthn-browser.js`) to the absolute path of a file
 * that lives elsewhere; it wins over a file of the same name in `publicDir`.
 */
export function staticFiles(publicDir: string, files: Readonly<Record<string, string>> = {}): Router {
  const router = express.Router();
  for (const [name, file] of Object.entries(files)) {
    // `send` refuses a dot-named folder anywhere in a path given without `root` (its `dotfiles` default).
    router.get(`/${name}`, (_req, res, next) => {
      res.sendFile(path.basename(file), { root: path.dirname(file), maxAge: MAX_AGE }, (error) => error && next(error));
    });
  }
  router.use(express.static(publicDir, { maxAge: MAX_AGE, index: false }));
  return router;
}
