/**
 * A software passkey for HTTP-level tests: answers the IdP's WebAuthn options the way a platform authenticator
 * would (ES256 key, "none" attestation, user present and verified), so passkey enrolment and sign-in can be driven
 * without a browser. CBOR is written with @simplewebauthn/server's own encoder.
 */
import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from "node:crypto";
import { isoBase64URL, isoCBOR } from "@simplewebauthn/server/helpers";

const FLAG_USER_PRESENT = 0x01;
const FLAG_USER_VERIFIED = 0x04;
const FLAG_ATTESTED_DATA = 0x40;

const sha256 = (data: string | Uint8Array) => createHash("sha256").update(data).digest();
const b64url = (data: Uint8Array) => isoBase64URL.fromBuffer(new Uint8Array(data));

/** The options' fields this authenticator reads (PublicKeyCredential*OptionsJSON). */
export interface CeremonyOptions {
  challenge: string;
  rp?: { id?: string };
  rpId?: string;
}

export class SoftAuthenticator {
  private readonly credentialId = randomBytes(16);
  private readonly privateKey: KeyObject;
  private readonly publicJwk: { x: string; y: string };
  private counter = 0;

  /** `origin` is the IdP's origin, where the browser would run the ceremony. */
  constructor(private readonly origin: string) {
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    this.privateKey = privateKey;
    const jwk = publicKey.export({ format: "jwk" });
    if (!jwk.x || !jwk.y) throw new Error("no EC public key coordinates");
    this.publicJwk = { x: jwk.x, y: jwk.y };
  }

  /** The credential id as the IdP stores it (base64url). */
  get id(): string {
    return b64url(this.credentialId);
  }

  /** The JSON navigator.credentials.create() would resolve to, for `options` from the settings page. */
  register(options: CeremonyOptions): string {
    const rpId = options.rp?.id ?? new URL(this.origin).hostname;
    // COSE_Key (RFC 9053): kty EC2, alg ES256, crv P-256, x, y.
    const coseKey = new Map<number, number | Uint8Array>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, isoBase64URL.toBuffer(this.publicJwk.x)],
      [-3, isoBase64URL.toBuffer(this.publicJwk.y)],
    ]);
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(this.credentialId.length);
    const authData = Buffer.concat([
      this.authDataHeader(rpId, FLAG_USER_PRESENT | FLAG_USER_VERIFIED | FLAG_ATTESTED_DATA),
      Buffer.alloc(16), // AAGUID: none
      idLength,
      this.credentialId,
      Buffer.from(isoCBOR.encode(coseKey)),
    ]);
    const attestation = new Map<string, string | Uint8Array | Map<string, string>>();
    attestation.set("fmt", "none");
    attestation.set("attStmt", new Map());
    attestation.set("authData", new Uint8Array(authData));
    const attestationObject = isoCBOR.encode(attestation);
    const clientDataJSON = this.clientData("webauthn.create", options.challenge);
    return JSON.stringify({
      id: this.id,
      rawId: this.id,
      type: "public-key",
      response: { clientDataJSON: b64url(clientDataJSON), attestationObject: b64url(attestationObject), transports: ["internal"] },
      clientExtensionResults: {},
      authenticatorAttachment: "platform",
    });
  }

  /** The JSON navigator.credentials.get() would resolve to, for `options` from the sign-in page. */
  authenticate(options: CeremonyOptions): string {
    const rpId = options.rpId ?? new URL(this.origin).hostname;
    const authenticatorData = this.authDataHeader(rpId, FLAG_USER_PRESENT | FLAG_USER_VERIFIED);
    const clientDataJSON = this.clientData("webauthn.get", options.challenge);
    // WebAuthn §6.3.3: the signature covers authenticatorData || SHA-256(clientDataJSON); ES256 signatures are DER.
    const signature = sign("sha256", Buffer.concat([authenticatorData, sha256(clientDataJSON)]), this.privateKey);
    return JSON.stringify({
      id: this.id,
      rawId: this.id,
      type: "public-key",
      response: { clientDataJSON: b64url(clientDataJSON), authenticatorData: b64url(authenticatorData), signature: b64url(signature) },
      clientExtensionResults: {},
      authenticatorAttachment: "platform",
    });
  }

  private authDataHeader(rpId: string, flags: number): Buffer {
    this.counter += 1;
    const counter = Buffer.alloc(4);
    counter.writeUInt32BE(this.counter);
    return Buffer.concat([sha256(rpId), Buffer.from([flags]), counter]);
  }

  private clientData(type: "webauthn.create" | "webauthn.get", challenge: string): Uint8Array {
    return new TextEncoder().encode(JSON.stringify({ type, challenge, origin: this.origin, crossOrigin: false }));
  }
}

/** The options JSON a page embeds in `<script type="application/json" id="...">`. */
export function optionsOnPage(html: string, id: string): CeremonyOptions {
  const json = new RegExp(`<script type="application/json" id="${id}">([^<]*)</script>`).exec(html)?.[1];
  if (!json) throw new Error(`no ${id} on the page`);
  return JSON.parse(json) as CeremonyOptions;
}
