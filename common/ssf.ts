/**
 * The Shared Signals Framework 1.0 and CAEP 1.0 vocabulary the dev IdP (transmitter) and the intranet (receiver)
 * agree on: delivery method, event types, subject formats, the SET media type and the stream-management scope.
 */

/** SSF 1.0 §6.1.1: push delivery (RFC 8935), the only method the dev transmitter offers. */
export const PUSH_DELIVERY = "urn:ietf:rfc:8935";

/** CAEP 1.0 §3.1: every session of the subject at the transmitter ended; receivers end theirs. */
export const CAEP_SESSION_REVOKED = "https://schemas.openid.net/secevent/caep/event-type/session-revoked";

/** CAEP 1.0 §3.4: the subject's authentication assurance went up or down. */
export const CAEP_ASSURANCE_LEVEL_CHANGE = "https://schemas.openid.net/secevent/caep/event-type/assurance-level-change";

/** The event types the dev transmitter sends and the intranet acts on. */
export const CAEP_EVENT_TYPES: readonly string[] = [CAEP_SESSION_REVOKED, CAEP_ASSURANCE_LEVEL_CHANGE];

/** RFC 8417 §2.3: the JWT `typ` of a Security Event Token; RFC 8935 §2: its media type on the wire. */
export const SET_TYP = "secevent+jwt";
export const SET_MEDIA_TYPE = `application/${SET_TYP}`;

/** Where a transmitter publishes its metadata (SSF 1.0 §7.2), after the issuer's host. */
export const SSF_CONFIGURATION_PATH = "/.well-known/ssf-configuration";

/** The OAuth scope a receiver needs to create, read and delete its streams at the dev transmitter. */
export const SSF_MANAGE_SCOPE = "ssf:manage";

/** CAEP 1.0 §3.4.1 namespace and levels the dev transmitter uses: NIST SP 800-63B authenticator assurance. */
export const ASSURANCE_NAMESPACE = "NIST-AAL";
export const ASSURANCE_LEVELS = { password: "nist-aal1", multiFactor: "nist-aal2" } as const;
