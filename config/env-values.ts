import fs from 'node:fs';
import net from 'node:net';
import addressparser from 'nodemailer/lib/addressparser';
import { z } from 'zod';

// The kinds of value the environment holds, each refused in one Vietnamese sentence that says what
// was expected (the variable's name is added by loadConfig). Whether a host answers, a relay speaks
// TLS or a credential is right is for the channels' start-up checks: this only reads the values.

/** Longer than any path, URL or key the settings need (PATH_MAX). */
export const MAX_ENV_VALUE_LENGTH = 4096;

const got = (v: string) => ` (nhận "${v.length > 60 ? `${v.slice(0, 60)}…` : v}")`;

export const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

/** "true"/"false"/"1"/"0"/"yes"/"no", any case: z.coerce.boolean() would read "false" as true. */
export const flag = (defaultValue: boolean) =>
  z
    .string()
    .optional()
    .transform((raw, ctx) => {
      const v = raw?.trim().toLowerCase() ?? '';
      if (v === '') return defaultValue;
      if (['true', '1', 'yes'].includes(v)) return true;
      if (['false', '0', 'no'].includes(v)) return false;
      ctx.addIssue({ code: 'custom', message: `cần true hoặc false${got(raw!)}` });
      return z.NEVER;
    });

/** A whole number in [min, max]; unset or empty: the default. */
export const wholeNumber = (defaultValue: number, min: number, max: number, what = 'một số nguyên') =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return defaultValue;
      const n = Number(v.trim());
      if (!/^\d+$/.test(v.trim()) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `cần ${what} từ ${min} đến ${max}${got(v)}` });
        return z.NEVER;
      }
      return n;
    });

export const port = (defaultValue: number) => wholeNumber(defaultValue, 1, 65535, 'số cổng');

const hostnamePattern =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;

/** A host name (`smtp.example.vn`), an IPv4 or an IPv6 address. */
export const isHost = (v: string) => hostnamePattern.test(v) || net.isIP(v) !== 0;

export const host = z
  .string()
  .trim()
  .refine(isHost, {
    error: (issue) => `cần tên máy hoặc địa chỉ IP, vd. smtp.example.vn${got(String(issue.input))}`,
  });

/** `host:port`, `[::1]:7233` for IPv6. */
export const hostPort = z
  .string()
  .trim()
  .refine(
    (v) => {
      const m = /^(?:\[([0-9A-Fa-f:.]+)\]|([^:\s]+)):(\d{1,5})$/.exec(v);
      if (!m) return false;
      const name = m[1] ?? m[2]!;
      const portNumber = Number(m[3]);
      return (m[1] ? net.isIPv6(name) : isHost(name)) && portNumber >= 1 && portNumber <= 65535;
    },
    { error: (issue) => `cần máy:cổng, vd. 127.0.0.1:7233${got(String(issue.input))}` },
  );

/** A Temporal namespace or task queue name: no spaces, bounded. */
export const temporalName = (example: string) =>
  z
    .string()
    .trim()
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/,
      `cần tên không có dấu cách (chữ, số, . _ -), vd. ${example}`,
    );

export const existingFile = optionalString.refine(
  (v) => v === undefined || fs.statSync(v, { throwIfNoEntry: false })?.isFile(),
  {
    message: 'không có tệp này (hoặc không phải tệp)',
  },
);

/** One sender, `Name <a@b.vn>` or `a@b.vn`, whose address has a domain with a dot (`x@y` is no address). */
export const mailFrom = z
  .string()
  .trim()
  .optional()
  .default('"Sở Nội vụ Đồng Tháp (CCHC)" <cchc@snv.dongthap.example>')
  .superRefine((v, ctx) => {
    const parsed = addressparser(v, { flatten: true });
    const [first] = parsed;
    if (parsed.length !== 1 || !first?.address || !z.email().safeParse(first.address).success) {
      ctx.addIssue({
        code: 'custom',
        message: `cần một địa chỉ người gửi, vd. "Sở Nội vụ" <cchc@snv.example.vn>${got(v)}`,
      });
    }
  });

/** An http(s) URL with a host. */
export const url = (example: string) =>
  optionalString.refine(
    (v) => {
      if (v === undefined) return true;
      try {
        const u = new URL(v);
        return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
      } catch {
        return false;
      }
    },
    { message: `cần địa chỉ http(s), vd. ${example}` },
  );

/** `postgresql://user:pass@host:port/db`: a host and a database name. */
export const databaseUrl = (defaultValue: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : defaultValue))
    .refine(
      (v) => {
        try {
          const u = new URL(v);
          return /^postgres(ql)?:$/.test(u.protocol) && u.hostname !== '' && /^\/[^/]+$/.test(u.pathname);
        } catch {
          return false;
        }
      },
      { message: 'cần postgresql://người-dùng:mật-khẩu@máy:cổng/tên-cơ-sở-dữ-liệu' },
    );

export const timeZone = z
  .string()
  .optional()
  .transform((v, ctx) => {
    const zone = v?.trim() || 'Asia/Ho_Chi_Minh';
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
    } catch {
      ctx.addIssue({
        code: 'custom',
        message: `múi giờ IANA không tồn tại, vd. Asia/Ho_Chi_Minh${got(zone)}`,
      });
      return z.NEVER;
    }
    return zone;
  });

/** One of `values`, any case, given back as written in `values`. */
export const oneOf = <const T extends readonly [string, ...string[]]>(values: T, defaultValue: T[number]) =>
  z
    .string()
    .optional()
    .transform((v, ctx): T[number] => {
      if (v === undefined || v.trim() === '') return defaultValue;
      const found = values.find((x) => x.toLowerCase() === v.trim().toLowerCase());
      if (found) return found;
      ctx.addIssue({ code: 'custom', message: `cần một trong: ${values.join(', ')}${got(v)}` });
      return z.NEVER;
    });
