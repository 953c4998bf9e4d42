/**
 * Passkeys (WebAuthn) as a second factor, on @simplewebauthn/server: enrolment from the settings page,
 * assertion on the sign-in page. Credentials live in memory (a development IdP; restarting forgets them).
 */
import {
  type AuthenticationResponseJSON,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type WebAuthnCredential,
} from "@simplewebauthn/server";
import { AMR_HARDWARE_KEY, AMR_SOFTWARE_KEY } from "./amr";

export interface StoredPasskey {
  readonly credential: WebAuthnCredential;
  /**
   * RFC 8176: hwk for a passkey that says it is device-bound, swk for a synced one. Inferred from the authenticator's
   * own flags, not proven: enrolment asks for no attestation.
   */
  readonly amr: typeof AMR_HARDWARE_KEY | typeof AMR_SOFTWARE_KEY;
  readonly createdAt: number;
}

/** Where the browser runs the ceremony: the IdP's own origin, and its host as the relying party id. */
export interface RelyingParty {
  readonly origin: string;
  readonly rpId: string;
  readonly rpName: string;
}

/** A stable code for logs and a sentence for people; `detail` (the library's reason) is for the log only. */
export class PasskeyError extends Error {
  constructor(
    readonly code: "no_passkey" | "not_verified" | "bad_response" | "unknown_credential",
    message: string,
    readonly detail?: string,
  ) {
    super(message);
  }
}

// The verifier's own reasons name its internals (JSON positions, CBOR fields): people get this sentence instead.
const NOT_VERIFIED = "The passkey could not be verified. Try again, or choose another way to verify.";

const reasonOf = (error: unknown) => (error instanceof Error ? error.message : "unknown reason");

/** Builds the relying-party description from the issuer URL. */
export function relyingPartyFor(issuer: string): RelyingParty {
  const url = new URL(issuer);
  return { origin: url.origin, rpId: url.hostname, rpName: "Fabrikam Identity" };
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Reads the JSON the page posted; anything that is not an object is a bad response. */
export function parseCeremonyResponse<T>(raw: unknown): T {
  if (typeof raw !== "string" || raw.length === 0 || raw.length > 20_000) {
    throw new PasskeyError("bad_response", "The browser did not send a passkey response. Try again.");
  }
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new PasskeyError("bad_response", "The passkey response could not be read. Try again.");
  }
  if (typeof value !== "object" || value === null || typeof (value as { id?: unknown }).id !== "string") {
    throw new PasskeyError("bad_response", "The passkey response could not be read. Try again.");
  }
  return value as T;
}

/** Every user's passkeys, in memory. */
export class Passkeys {
  private readonly byUser = new Map<string, StoredPasskey[]>();

  constructor(private readonly rp: RelyingParty) {}

  /** The passkeys `username` has enrolled. */
  list(username: string): readonly StoredPasskey[] {
    return this.byUser.get(username) ?? [];
  }

  /** Options for navigator.credentials.create(); the caller keeps `challenge` server-side. */
  async registrationOptions(username: string, displayName: string): Promise<PublicKeyCredentialCreationOptionsJSON> {
    return generateRegistrationOptions({
      rpName: this.rp.rpName,
      rpID: this.rp.rpId,
      userName: username,
      userDisplayName: displayName,
      attestationType: "none",
      excludeCredentials: this.list(username).map(({ credential }) => ({ id: credential.id, transports: credential.transports })),
      authenticatorSelection: { residentKey: "preferred", userVerification: "preferred" },
    });
  }

  /** Verifies an enrolment against the challenge issued for it and stores the credential. */
  async register(username: string, response: RegistrationResponseJSON, expectedChallenge: string): Promise<StoredPasskey> {
    let result: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
    try {
      result = await verifyRegistrationResponse({
        response,
        expectedChallenge,
        expectedOrigin: this.rp.origin,
        expectedRPID: this.rp.rpId,
        requireUserVerification: false,
      });
    } catch (error) {
      throw new PasskeyError("not_verified", NOT_VERIFIED, reasonOf(error));
    }
    if (!result.verified) throw new PasskeyError("not_verified", NOT_VERIFIED, "not verified");
    const info = result.registrationInfo;
    const passkey: StoredPasskey = {
      credential: info.credential,
      // The backup-eligible flag the authenticator reports; with attestationType "none" nothing proves a "singleDevice" key is in hardware.
      amr: info.credentialDeviceType === "multiDevice" ? AMR_SOFTWARE_KEY : AMR_HARDWARE_KEY,
      createdAt: nowSeconds(),
    };
    this.byUser.set(username, [...this.list(username), passkey]);
    return passkey;
  }

  /** Removes one of `username`'s passkeys by credential id; false when there is no such passkey. */
  remove(username: string, credentialId: string): boolean {
    const passkeys = this.list(username);
    const kept = passkeys.filter(({ credential }) => credential.id !== credentialId);
    this.byUser.set(username, kept);
    return kept.length < passkeys.length;
  }

  /** Options for navigator.credentials.get(), limited to `username`'s credentials. */
  async authenticationOptions(username: string): Promise<PublicKeyCredentialRequestOptionsJSON> {
    const passkeys = this.list(username);
    if (passkeys.length === 0) throw new PasskeyError("no_passkey", "You have no passkey yet.");
    return generateAuthenticationOptions({
      rpID: this.rp.rpId,
      allowCredentials: passkeys.map(({ credential }) => ({ id: credential.id, transports: credential.transports })),
      userVerification: "preferred",
    });
  }

  /** Verifies an assertion by one of `username`'s passkeys and updates its signature counter. */
  async authenticate(username: string, response: AuthenticationResponseJSON, expectedChallenge: string): Promise<StoredPasskey> {
    const passkeys = this.list(username);
    const index = passkeys.findIndex(({ credential }) => credential.id === response.id);
    const passkey = passkeys[index];
    if (!passkey) throw new PasskeyError("unknown_credential", "That passkey does not belong to this account.");
    let result: Awaited<ReturnType<typeof verifyAuthenticationResponse>>;
    try {
      result = await verifyAuthenticationResponse({
        response,
        expectedChallenge,
        expectedOrigin: this.rp.origin,
        expectedRPID: this.rp.rpId,
        credential: passkey.credential,
        requireUserVerification: false,
      });
    } catch (error) {
      throw new PasskeyError("not_verified", NOT_VERIFIED, reasonOf(error));
    }
    if (!result.verified) throw new PasskeyError("not_verified", NOT_VERIFIED, "not verified");
    const updated: StoredPasskey = { ...passkey, credential: { ...passkey.credential, counter: result.authenticationInfo.newCounter } };
    this.byUser.set(
      username,
      passkeys.map((p, i) => (i === index ? updated : p)),
    );
    return updated;
  }
}
