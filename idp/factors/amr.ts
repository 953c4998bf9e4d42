/** RFC 8176 method references for the second factors beyond the one-time code (the shared ones are in common/). */

/** Proof of possession of a hardware-secured key; reported for a passkey that says it is device-bound (not attested). */
export const AMR_HARDWARE_KEY = "hwk";
/** Proof of possession of a software-secured key: a synced passkey. */
export const AMR_SOFTWARE_KEY = "swk";
/** Multiple-channel authentication: approval on a second device (push), out of band of the sign-in page. */
export const AMR_MULTI_CHANNEL = "mca";
