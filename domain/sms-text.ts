// Vietnamese brandname SMS go out without diacritics in the GSM-7 alphabet: 160 characters a
// segment (153 when concatenated) instead of 70 in UCS-2.

const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** Characters of the extension table: each costs an escape plus itself, two septets. */
const GSM7_EXTENDED = '\f^{}\\[~]|€';

const BASIC = new Set(GSM7_BASIC);
const EXTENDED = new Set(GSM7_EXTENDED);

export const SMS_SINGLE_SEGMENT = 160;
export const SMS_CONCAT_SEGMENT = 153;
/** Our own limit for one message: two concatenated segments. */
export const SMS_MAX_SEGMENTS = 2;
export const SMS_MAX_SEPTETS = SMS_MAX_SEGMENTS * SMS_CONCAT_SEGMENT;

const PUNCTUATION: Record<string, string> = {
  '\u2013': '-',
  '\u2014': '-',
  '\u2011': '-',
  '\u2212': '-',
  '\u201c': '"',
  '\u201d': '"',
  '\u201e': '"',
  '\u2018': "'",
  '\u2019': "'",
  '\u2026': '...',
  '\u2022': '-',
  '\u00a0': ' ',
};

/**
 * Vietnamese text as a brandname SMS carries it: diacritics stripped (combining marks removed,
 * đ→d, Đ→D), typographic punctuation made plain, whitespace collapsed, and anything still outside
 * GSM-7 replaced by '?', so the result is always plain GSM-7.
 */
export function toSmsText(text: string): string {
  const stripped = text
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(
      /[\u2013\u2014\u2011\u2212\u201c\u201d\u201e\u2018\u2019\u2026\u2022\u00a0]/g,
      (c) => PUNCTUATION[c] ?? c,
    )
    .replace(/\s+/g, ' ')
    .trim();
  let out = '';
  for (const ch of stripped) out += BASIC.has(ch) || EXTENDED.has(ch) ? ch : '?';
  return out;
}

export function isGsm7(text: string): boolean {
  for (const ch of text) if (!BASIC.has(ch) && !EXTENDED.has(ch)) return false;
  return true;
}

/** Septets the text takes in GSM-7; throws on a character outside the alphabet. */
export function gsm7Septets(text: string): number {
  let septets = 0;
  for (const ch of text) septets += septetsOf(ch);
  return septets;
}

/**
 * How many SMS segments the text takes in GSM-7: one up to 160 septets, else 153-septet parts
 * (an escape pair is never split across two parts). Throws on a character outside GSM-7.
 */
export function gsm7Segments(text: string): number {
  const septets = gsm7Septets(text);
  if (septets <= SMS_SINGLE_SEGMENT) return septets === 0 ? 0 : 1;
  let segments = 1;
  let used = 0;
  for (const ch of text) {
    const size = septetsOf(ch);
    if (used + size > SMS_CONCAT_SEGMENT) {
      segments += 1;
      used = 0;
    }
    used += size;
  }
  return segments;
}

function septetsOf(ch: string): number {
  if (BASIC.has(ch)) return 1;
  if (EXTENDED.has(ch)) return 2;
  throw new RangeError(
    `not a GSM-7 character: ${JSON.stringify(ch)} (U+${ch.codePointAt(0)!.toString(16).toUpperCase()})`,
  );
}
