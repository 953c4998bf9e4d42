/**
 * Figure 4: the server-side time of a whole web step-up (GET /salary with a password-only session → app login
 * route → IdP authorize → code page → code check → IdP resume → app callback → the page), driven by a
 * scripted HTTP client with TOTP codes from otpauth, split by hop. Each run starts from a fresh password sign-in
 * (untimed), so every timed chain is a real step-up.
 */

import { type CookieJar, cookieHeader, storeCookies } from "../testing/cookie-jar";
import { currentTotp } from "../testing/scripted-login";
import { median, percentile } from "./support/stats";

const ALICE = { username: "alice", password: "fabrikam-alice", totpSecret: "JBSWY3DPEHPK3PXP" };
const LOGIN_FORM = /<form method="post" action="(\/interaction\/[^"/]+\/login)"/;
const OTP_FORM = /<form method="post" action="(\/interaction\/[^"/]+\/otp)"/;

interface Hop {
  label: string;
  ms: number;
}

export interface HopFigure {
  label: string;
  p50: number;
  p99: number;
}

export interface StepUpResult {
  runs: number;
  hops: HopFigure[];
  total: { p50: number; p99: number };
}

/** Names a request by party and route, with ids left out, so hops of different runs group together. */
function hopLabel(method: string, url: URL, appOrigin: string, status: number): string {
  const party = url.origin === appOrigin ? "app" : "IdP";
  const path = url.pathname.replace(/\/interaction\/[^/]+/, "/interaction/:uid").replace(/^\/auth\/[A-Za-z0-9_-]{20,}$/, "/auth/:uid");
  return `${party} ${method} ${path} → ${status}`;
}

/** Follows one navigation from `start` to a final page, posting the IdP's forms. Returns the hops and the final URL. */
async function navigate(start: string, jar: CookieJar, appOrigin: string): Promise<{ hops: Hop[]; jar: CookieJar; final: URL; body: string }> {
  const hops: Hop[] = [];
  let url = new URL(start);
  let init: RequestInit = { method: "GET" };
  for (let i = 0; i < 25; i++) {
    const headers = new Headers(init.headers);
    const cookie = cookieHeader(jar, url);
    if (cookie) headers.set("cookie", cookie);
    const started = performance.now();
    const response = await fetch(url, { ...init, headers, redirect: "manual" });
    const body = await response.text();
    hops.push({ label: hopLabel(init.method ?? "GET", url, appOrigin, response.status), ms: performance.now() - started });
    jar = storeCookies(jar, response, url);

    const location = response.headers.get("location");
    if (response.status >= 300 && response.status < 400 && location) {
      url = new URL(location, url);
      init = { method: "GET" };
      continue;
    }
    if (response.status !== 200) throw new Error(`${url.href} answered ${response.status}: ${body.slice(0, 300)}`);
    const login = LOGIN_FORM.exec(body)?.[1];
    const otp = OTP_FORM.exec(body)?.[1];
    if (login) {
      url = new URL(login, url);
      init = form({ username: ALICE.username, password: ALICE.password });
    } else if (otp) {
      url = new URL(otp, url);
      init = form({ code: currentTotp(ALICE.totpSecret) });
    } else {
      return { hops, jar, final: url, body };
    }
  }
  throw new Error(`no final page after 25 hops from ${start}`);
}

function form(fields: Record<string, string>): RequestInit {
  return { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields).toString() };
}

/**
 * A real MFA session: signs in and steps up through the IdP, and returns the app's cookies as a Cookie header.
 * A sealed cookie made up by the bench would not do: the app also checks its own record of every session.
 */
export async function mfaSessionCookie(appUrl: string): Promise<string> {
  const appOrigin = new URL(appUrl).origin;
  const signIn = await navigate(`${appUrl}/directory`, [], appOrigin);
  const stepUp = await navigate(`${appUrl}/salary`, signIn.jar, appOrigin);
  if (stepUp.final.pathname !== "/salary") throw new Error(`step-up ended on ${stepUp.final.href}`);
  return cookieHeader(stepUp.jar, new URL(`${appUrl}/salary`)) ?? "";
}

/** `runs` step-ups; p50/p99 per hop and of the whole chain, in milliseconds. */
export async function benchStepUp(appUrl: string, runs = 50): Promise<StepUpResult> {
  const appOrigin = new URL(appUrl).origin;
  const perHop = new Map<string, number[]>();
  const totals: number[] = [];
  for (let run = 0; run < runs + 2; run++) {
    // Untimed: a password-only sign-in (the directory needs nothing more).
    const signIn = await navigate(`${appUrl}/directory`, [], appOrigin);
    if (signIn.final.pathname !== "/directory") throw new Error(`sign-in ended on ${signIn.final.href}`);
    if (signIn.hops.some((hop) => hop.label.includes("/otp "))) throw new Error("the IdP asked for a code for the directory");

    const stepUp = await navigate(`${appUrl}/salary`, signIn.jar, appOrigin);
    if (stepUp.final.pathname !== "/salary" || !stepUp.body.includes("Your salary")) {
      throw new Error(`step-up ended on ${stepUp.final.href}`);
    }
    if (!stepUp.hops.some((hop) => hop.label.includes("/otp "))) throw new Error("the step-up did not go through the code page");
    if (run < 2) continue; // warm-up runs
    for (const hop of stepUp.hops) perHop.set(hop.label, [...(perHop.get(hop.label) ?? []), hop.ms]);
    totals.push(stepUp.hops.reduce((sum, hop) => sum + hop.ms, 0));
  }
  return {
    runs,
    hops: [...perHop.entries()].map(([label, values]) => ({ label, p50: median(values), p99: percentile(values, 99) })),
    total: { p50: median(totals), p99: percentile(totals, 99) },
  };
}
