// Providers quote addresses and numbers in their errors ("550 5.1.1 <a@b.vn>: Recipient address
// rejected"); what reaches a workflow history or a log line must not. Everything a channel or the
// notify activity says about a failure goes through here.

/** Anything shaped like an email address, `x@y` included. */
const EMAIL = /[^\s<>()[\]"',;:@]+@[^\s<>()[\]"',;:@]+/g;
/** Vietnamese numbers as people write them (0…, 84…, +84…, with spaces, dots or dashes), and any 9+ digit run. */
const PHONE = /(?<![\w])(?:(?:\+?84|0)(?:[\s.-]?\d){8,10}|\d{9,})(?![\w])/g;

export const REDACTED_EMAIL = '[email]';
export const REDACTED_PHONE = '[số điện thoại]';

/** `text` with every address and number replaced; `known` values (e.g. the recipient) first, verbatim. */
export function redactContacts(text: string, known: (string | null | undefined)[] = []): string {
  let out = text;
  for (const value of known) {
    if (value && value.length >= 3)
      out = out.split(value).join(value.includes('@') ? REDACTED_EMAIL : REDACTED_PHONE);
  }
  return out.replace(EMAIL, REDACTED_EMAIL).replace(PHONE, REDACTED_PHONE);
}

/** The first line of an error's message, redacted and bounded: what a failure may say about itself. */
export function describeError(err: unknown, known: (string | null | undefined)[] = [], max = 300): string {
  const message = err instanceof Error ? err.message : String(err);
  const line = redactContacts(message.split('\n').find((l) => l.trim()) ?? message, known).trim();
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}
