import { cookies } from "next/headers";
import { appCookies } from "@/lib/auth/cookies";
import { getSession } from "@/lib/auth/dal";
import { config } from "@/lib/config";
import { parseSignedOut } from "@/lib/sign-out/signed-out-notice";
import { Flows } from "./components/flows";
import { ScrollRegion } from "./components/scroll-region";
import { SignedOutNotice } from "./components/signed-out-notice";

const DEMO_USERS = [
  { username: "alice", password: "fabrikam-alice", secret: "JBSWY3DPEHPK3PXP" },
  { username: "bob", password: "fabrikam-bob", secret: "GEZDGNBVGY3TQOJQ" },
] as const;

export default async function HomePage() {
  const session = await getSession();
  const flash = appCookies(config().secureCookies).flash;
  // A sign-out lands here: its notice shows only while nobody is signed in (a new sign-in replaces the flash anyway).
  const signedOut = session ? undefined : parseSignedOut(flash.read(await cookies()));
  return (
    <div className="space-y-8">
      {signedOut ? <SignedOutNotice kind={signedOut} clearFlash={flash.clearScript} /> : null}
      <section className="rounded-2xl bg-gradient-to-br from-brand-50 to-white p-8 ring-1 ring-brand-100 dark:from-brand-900 dark:to-slate-900 dark:ring-brand-800">
        <p className="eyebrow">Fabrikam Intranet · demo</p>
        <h1 className="mt-1 text-3xl font-bold tracking-tight sm:text-4xl">Step-up authentication, end to end</h1>
        <p className="mt-3 max-w-3xl text-lg text-slate-700 dark:text-slate-200">
          Fabrikam&apos;s intranet lets you in with a password. When you reach for something sensitive — salary data, a funds transfer — it asks the identity
          provider for a second factor, and checks that it really got one.
        </p>
        <p className="mt-5 flex flex-wrap gap-3">
          {session ? (
            <a className="btn" href="/salary">
              Open your salary
            </a>
          ) : (
            <a className="btn" href="/auth/login?returnTo=%2Fdirectory">
              Sign in
            </a>
          )}
          <a className="btn-secondary" href="/inspector">
            Inspect your session
          </a>
        </p>
      </section>

      <section className="grid gap-4 md:grid-cols-2">
        <article className="card">
          <h2 className="text-lg font-semibold">Web app: salary</h2>
          <p className="mt-2 text-sm">
            The <a href="/directory">directory</a> needs a password. <a href="/salary">Salary</a> needs multi-factor evidence in the ID token (<code>acr</code>/
            <code>amr</code>) from the last {Math.round(config().salaryMfaMaxAge / 60)} minutes; without it the app asks the provider again with{" "}
            <code>acr_values</code> and <code>max_age</code>.
          </p>
        </article>
        <article className="card">
          <h2 className="text-lg font-semibold">API: funds transfer</h2>
          <p className="mt-2 text-sm">
            <a href="/accounts">Accounts</a> are read with an ordinary token. A <a href="/transfer">transfer</a> needs a token with the high-value scope{" "}
            <code>transfer:funds</code>; asking for it makes the provider demand a second factor, and the API accepts that token exactly once.
          </p>
        </article>
      </section>

      <section aria-labelledby="flows-heading">
        <h2 id="flows-heading" className="sr-only">
          The two flows
        </h2>
        <Flows />
      </section>

      <section className="card">
        <h2 className="text-lg font-semibold">Demo users</h2>
        <p className="mt-1 text-sm">The identity provider shows a QR code for each one-time-code secret to scan with an authenticator app.</p>
        <ScrollRegion label="Demo users" hint="Scroll sideways for more columns" className="mt-3">
          <table className="reflow-table w-full text-left text-sm sm:whitespace-nowrap">
            <caption className="sr-only">Demo users and their credentials</caption>
            <thead>
              <tr>
                <th scope="col" className="py-1 pr-4">
                  User
                </th>
                <th scope="col" className="py-1 pr-4">
                  Password
                </th>
                <th scope="col" className="py-1 pr-4">
                  TOTP secret (base32)
                </th>
              </tr>
            </thead>
            <tbody className="font-mono">
              {DEMO_USERS.map((user) => (
                <tr key={user.username}>
                  <td className="py-1 pr-4 font-semibold">{user.username}</td>
                  <td className="py-1 pr-4" data-label="Password">
                    {user.password}
                  </td>
                  <td className="py-1 pr-4" data-label="TOTP secret">
                    {user.secret}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </section>
    </div>
  );
}
