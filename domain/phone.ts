// Vietnamese mobile numbers: 10 digits starting 03, 05, 07, 08 or 09; written 0xxxxxxxxx, +84xxxxxxxxx or 84xxxxxxxxx.

const MOBILE = /^0[35789]\d{8}$/;

/** The normalised 0xxxxxxxxx form, or undefined when it is not a Vietnamese mobile number. */
export function normalizeVnPhone(raw: string): string | undefined {
  const compact = raw.replace(/[\s.()-]/g, '');
  let local = compact;
  if (/^\+84\d+$/.test(compact)) local = `0${compact.slice(3)}`;
  else if (/^84\d{9}$/.test(compact)) local = `0${compact.slice(2)}`;
  return MOBILE.test(local) ? local : undefined;
}

/** The international form a gateway expects: 84xxxxxxxxx. */
export function toInternational(normalized: string): string {
  return `84${normalized.slice(1)}`;
}
