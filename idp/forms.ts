/**
 * The fields of the IdP's forms, read with zod before anything else looks at them. A field sent twice (the parser
 * makes it an array), too long to be real, or of another type gets a sentence and is never evaluated: it costs no
 * password hash and never counts towards the lockout, because nothing was guessed.
 */
import { z } from "zod";

/** Said when the parser turned a repeated field into a list: only a hand-made request does that. */
export const FIELD_REPEATED = "Each field of this form can be sent once. Reload the page and try again.";

/** Said for anything in the code field that cannot be a one-time code, whatever else it holds. */
export const NOT_A_CODE = "A code has 6 digits.";

/** A text field: missing reads as empty; `tooLong` is the sentence for more than `max` characters. */
function text(max: number, tooLong: string) {
  return z.string({ error: FIELD_REPEATED }).max(max, tooLong).default("");
}

// Far above any real value, far below the body limits: long enough for a password manager's longest password.
const username = text(256, "That username is too long (at most 256 characters).").transform((value) => value.trim());
const password = text(1024, "That password is too long (at most 1024 characters).");
// Room for a pasted code with spaces or dashes; anything longer cannot be a code.
const code = text(64, NOT_A_CODE);

/** The sign-in page: username and password. */
export const passwordForm = z.object({ username, password });

/** The one-time-code page. */
export const codeForm = z.object({ code });

/** The account pages' sign-in (Fabrikam Verify, passkey settings): all three at once. */
export const accountLoginForm = z.object({ username, password, code, next: z.unknown().optional() });

/** Fabrikam Verify's approve form: the number typed from the sign-in screen. */
export const pushAnswerForm = z.object({ number: text(16, "That is not the two-digit number shown on the sign-in screen.") });

/** A WebAuthn ceremony's result, posted as JSON text by passkey.js. */
export const passkeyForm = z.object({ response: text(20_000, "The passkey response is too large to be real. Try again.") });

export type FormResult<T> = { ok: true; data: T } | { ok: false; message: string };

/** Reads a parsed body (undefined when the request had none or another media type) with `schema`. */
export function readForm<T>(schema: z.ZodType<T>, body: unknown): FormResult<T> {
  // Anything but an object of fields is no form at all: every field reads as missing.
  const fields = typeof body === "object" && body !== null && !Array.isArray(body) ? body : {};
  const parsed = schema.safeParse(fields);
  if (parsed.success) return { ok: true, data: parsed.data };
  return { ok: false, message: parsed.error.issues[0]?.message ?? FIELD_REPEATED };
}
