/**
 * The demo users and oidc-provider's `findAccount`. The account id (`sub`) is
 * the username, because the Accounts API seeds its ledgers by these subs.
 */
import type { Account } from "oidc-provider";
import { hashPassword, type PasswordHash, verifyPassword } from "./passwords";

export interface DemoUser {
  username: string;
  /** Shown on the IdP's home page and README; this is a demo, not a secret. */
  password: string;
  name: string;
  email: string;
  /** Base32 TOTP secret, shown as text and QR code on the one-time-code page. */
  totpSecret: string;
}

export const DEMO_USERS: readonly DemoUser[] = [
  {
    username: "alice",
    password: "fabrikam-alice",
    name: "Alice Johnson",
    email: "alice@fabrikam.example",
    totpSecret: "JBSWY3DPEHPK3PXP",
  },
  {
    username: "bob",
    password: "fabrikam-bob",
    name: "Bob Smith",
    email: "bob@fabrikam.example",
    totpSecret: "GEZDGNBVGY3TQOJQ",
  },
];

interface StoredUser extends Omit<DemoUser, "password"> {
  passwordHash: PasswordHash;
}

// Hashed once at start with a random salt; the plain passwords are not consulted again.
const users: Promise<Map<string, StoredUser>> = Promise.all(
  DEMO_USERS.map(async ({ password, ...user }) => ({ ...user, passwordHash: await hashPassword(password) })),
).then((list) => new Map(list.map((user) => [user.username, user])));

// Compared against when the username is unknown, so both cases cost one scrypt.
const decoy: Promise<PasswordHash> = hashPassword("decoy-password-never-matches");

/** Looks up a demo user by username (the `sub`). */
export async function findUser(username: string): Promise<StoredUser | undefined> {
  return (await users).get(username);
}

/** Returns the user when username and password match, otherwise undefined. */
export async function checkPassword(username: string, password: string): Promise<StoredUser | undefined> {
  const user = await findUser(username);
  const matches = await verifyPassword(password, user?.passwordHash ?? (await decoy));
  return user && matches ? user : undefined;
}

/** oidc-provider's account loader; `claims()` always includes `sub`. */
export async function findAccount(_ctx: unknown, sub: string): Promise<Account | undefined> {
  const user = await findUser(sub);
  if (!user) return undefined;
  return {
    accountId: user.username,
    claims: () => ({
      sub: user.username,
      name: user.name,
      preferred_username: user.username,
      email: user.email,
      email_verified: true,
    }),
  };
}
