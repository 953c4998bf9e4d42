/**
 * The user's own pages at the IdP: the Fabrikam Verify device page (answers push requests) and the passkey
 * settings page (enrolment). Both sit behind the password AND the one-time code, in a session of their own:
 * approving a push or binding a passkey yields a multi-factor sign-in, so reaching them takes multi-factor
 * authentication too (NIST SP 800-63B: binding an authenticator needs authentication at the level it will give).
 */
import express, { type Request, type Response, type Router } from "express";
import { checkPassword, findUser } from "../accounts";
import { accountLoginForm, NOT_A_CODE, passkeyForm, pushAnswerForm, readForm } from "../forms";
import { beginAttempt, clientAddress, refusalMessage, type SignInGuards, whileHoldingTurn } from "../sign-in-guards";
import type { AccountSignals } from "../ssf/account-signals";
import { normalizeCode, totpStep } from "../totp";
import { accountLoginPage } from "../views/account-login";
import { type DeviceNotice, devicePage } from "../views/device";
import { messagePage } from "../views/message";
import { passkeySettingsPage } from "../views/passkey";
import { accountOf, endAccountSession, startAccountSession } from "./account-session";
import { PasskeyError, type Passkeys, parseCeremonyResponse } from "./passkeys";
import type { PushAnswer, PushRequests } from "./push";

const PAGES = {
  "/device": { title: "Fabrikam Verify", intro: "Sign in to see and answer sign-in requests sent to your device." },
  "/settings": { title: "Passkey settings", intro: "Sign in to your Fabrikam account to manage your passkeys." },
} as const;
type AccountPage = keyof typeof PAGES;

const isAccountPage = (value: unknown): value is AccountPage => value === "/device" || value === "/settings";

// One sentence whichever part was wrong (or the code was spent): the answer tells a guesser nothing.
const WRONG_CREDENTIALS = "Wrong username, password or code. Check them and try again; each code works once, so wait for the next one if you just used it.";

const SESSION_ENDED = "You are not signed in here (or your session ended), so nothing was done. Sign in, then try again.";

// Notices come back as a fixed code in the query, never as text.
const NOTICES: Record<PushAnswer | "added" | "removed", DeviceNotice> = {
  approved: { tone: "success", text: "Approved. The sign-in continues on the other screen." },
  denied: { tone: "success", text: "Denied. That sign-in will not go through." },
  wrong_number: {
    tone: "alert",
    text: "That was not the number on the sign-in screen, so the request was denied and that sign-in will not go through. If it was you, start again there.",
  },
  gone: { tone: "success", text: "That request is no longer waiting (answered, expired or not yours)." },
  added: { tone: "success", text: "Passkey added. Choose “Use a passkey” the next time you are asked for a second factor." },
  removed: {
    tone: "success",
    text: "Passkey removed. Applications that trusted your earlier second factor were told, and will ask for one again.",
  },
};
const isNoticeCode = (value: unknown): value is keyof typeof NOTICES => typeof value === "string" && Object.hasOwn(NOTICES, value);
const noticeOf = (req: Request) => (isNoticeCode(req.query.done) ? NOTICES[req.query.done] : undefined);

const nowSeconds = () => Math.floor(Date.now() / 1000);

/**
 * Mounts `/account/*`, `/device*` and `/settings*`. `guards` must be the same instance the sign-in pages use, so
 * failures here count toward the same lock and a code spent here is spent there too.
 */
export function accountRoutes(
  factors: { readonly pushes: PushRequests; readonly passkeys: Passkeys },
  guards: SignInGuards,
  signals: AccountSignals,
  secureCookies: boolean,
): Router {
  const { pushes, passkeys } = factors;
  const { usedCodes } = guards;
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: "32kb" });
  // Registration challenges by username; one enrolment at a time per user is enough here.
  const registrationChallenges = new Map<string, string>();

  router.use(["/account", "/device", "/settings"], (_req, res, next) => {
    res.set({ "Cache-Control": "no-store", "X-Frame-Options": "DENY" });
    next();
  });

  const signInFirst = (res: Response, next: AccountPage) => res.type("html").send(accountLoginPage({ ...PAGES[next], next }));
  // A form posted without a session (it ended, or never was): nothing was done, and the page says so.
  const sessionEnded = (res: Response, next: AccountPage) =>
    res
      .status(401)
      .type("html")
      .send(accountLoginPage({ ...PAGES[next], next, error: SESSION_ENDED }));

  router.post("/account/login", form, async (req, res) => {
    const fields = readForm(accountLoginForm, req.body);
    const next: AccountPage = fields.ok && isAccountPage(fields.data.next) ? fields.data.next : "/device";
    const refuse = (status: number, error: string, username = "") =>
      void res
        .status(status)
        .type("html")
        .send(accountLoginPage({ ...PAGES[next], next, username, error }));
    if (!fields.ok) return refuse(400, fields.message);
    const { username, password } = fields.data;
    // Checked before anything is counted: an empty field or what cannot be a code guesses nothing.
    if (!username || !password || !fields.data.code.trim()) return refuse(400, "Enter your username, your password and a code.", username);
    const code = normalizeCode(fields.data.code);
    if (!code) return refuse(400, NOT_A_CODE, username);
    // One check at a time per username, each looking at the lock first: parallel guesses cannot all pass it.
    const admission = await beginAttempt(guards, username, clientAddress(req));
    if (!admission.ok) {
      console.log(`idp account: username=${JSON.stringify(username)} not checked (${admission.refusal.kind})`);
      return refuse(429, refusalMessage(admission.refusal), username);
    }
    const { attempt } = admission;
    const { user, step } = await whileHoldingTurn(attempt, async () => {
      const found = await checkPassword(username, password);
      // The code is looked at only behind the right password, so a wrong password never spends one.
      return { user: found, step: found ? totpStep(found.username, found.totpSecret, code) : undefined };
    });
    if (!user || step === undefined || !usedCodes.consume(user.username, step)) {
      const refusal = attempt.failed(nowSeconds());
      console.log(`idp account: username=${JSON.stringify(username)} refused${refusal ? ` (${refusal.kind})` : ""}`);
      return refuse(refusal ? 429 : 400, refusal ? refusalMessage(refusal) : WRONG_CREDENTIALS, username);
    }
    attempt.succeeded();
    startAccountSession(res, user.username, secureCookies);
    res.redirect(303, next);
  });

  router.post("/account/logout", (req, res) => {
    endAccountSession(req, res);
    res.redirect(303, "/device");
  });

  router.get("/device", (req, res) => {
    const username = accountOf(req);
    if (!username) return void signInFirst(res, "/device");
    res.type("html").send(devicePage({ username, requests: pushes.pendingFor(username), now: Math.floor(Date.now() / 1000), notice: noticeOf(req) }));
  });

  router.get("/device/requests.json", (req, res) => {
    const username = accountOf(req);
    if (!username) return void res.status(401).json({ error: "sign_in_required", error_description: "Sign in to Fabrikam Verify first." });
    res.json({ ids: pushes.pendingFor(username).map((r) => r.id) });
  });

  router.post("/device/requests/:id/:answer", form, (req, res) => {
    const username = accountOf(req);
    const answer = req.params.answer;
    if (!username) return void sessionEnded(res, "/device");
    if (answer !== "approve" && answer !== "deny") return void res.status(404).type("text").send("Unknown answer.");
    const fields = readForm(pushAnswerForm, req.body);
    if (!fields.ok) {
      const notice: DeviceNotice = { tone: "alert", text: `${fields.message} The request was left as it was.` };
      return void res
        .status(400)
        .type("html")
        .send(devicePage({ username, requests: pushes.pendingFor(username), now: nowSeconds(), notice }));
    }
    const outcome = answer === "approve" ? pushes.approve(req.params.id, username, fields.data.number) : pushes.deny(req.params.id, username);
    console.log(`idp push: ${username} answered ${answer}: ${outcome}`);
    res.redirect(303, `/device?done=${outcome}`);
  });

  const settingsPage = async (username: string, extra: { error?: string; notice?: string } = {}) => {
    const user = await findUser(username);
    const options = await passkeys.registrationOptions(username, user?.name ?? username);
    registrationChallenges.set(username, options.challenge);
    return passkeySettingsPage({ username, passkeys: passkeys.list(username), options, ...extra });
  };

  router.get("/settings", async (req, res) => {
    const username = accountOf(req);
    if (!username) return void signInFirst(res, "/settings");
    res.type("html").send(await settingsPage(username, { notice: noticeOf(req)?.text }));
  });

  router.post("/settings/passkeys", form, async (req, res) => {
    const username = accountOf(req);
    if (!username) return void sessionEnded(res, "/settings");
    const challenge = registrationChallenges.get(username);
    registrationChallenges.delete(username);
    const fields = readForm(passkeyForm, req.body);
    try {
      if (!challenge) throw new PasskeyError("bad_response", "This page was out of date. Try adding the passkey again.");
      if (!fields.ok) throw new PasskeyError("bad_response", fields.message);
      const passkey = await passkeys.register(username, parseCeremonyResponse(fields.data.response), challenge);
      console.log(`idp passkey: ${username} enrolled a passkey (amr ${passkey.amr})`);
      res.redirect(303, "/settings?done=added");
    } catch (error) {
      if (!(error instanceof PasskeyError)) throw error;
      console.log(`idp passkey: ${username} enrolment refused (${error.code}${error.detail ? `: ${JSON.stringify(error.detail)}` : ""})`);
      res
        .status(400)
        .type("html")
        .send(await settingsPage(username, { error: error.message }));
    }
  });

  // Removing a second factor lowers what earlier sign-ins prove: the receivers hear it (CAEP assurance-level-change).
  router.post("/settings/passkeys/:id/remove", form, async (req, res) => {
    const username = accountOf(req);
    if (!username) return void sessionEnded(res, "/settings");
    if (!passkeys.remove(username, req.params.id)) return void res.redirect(303, "/settings");
    console.log(`idp passkey: ${username} removed a passkey`);
    await signals.secondFactorRemoved(username, "a passkey");
    res.redirect(303, "/settings?done=removed");
  });

  // CAEP session-revoked: every application's sessions end, and this IdP's own (the next sign-in asks the password).
  router.post("/settings/sign-out-everywhere", form, async (req, res) => {
    const username = accountOf(req);
    if (!username) return void sessionEnded(res, "/settings");
    console.log(`idp account: ${username} signed out of every application`);
    await signals.signedOutEverywhere(username);
    endAccountSession(req, res);
    res
      .type("html")
      .send(messagePage("Signed out everywhere", "You have signed out of every application. Each will ask for your password the next time you open it."));
  });

  return router;
}
