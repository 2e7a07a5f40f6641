import { z } from 'zod';
import { CALENDAR_YEARS, DEFAULT_POLICY, vnDateOf, type ReportingPolicy } from '../../domain/calendar';
import { issuePath } from '../../domain/zod-format';
import { CliError } from './errors';
import { readPolicyFile } from '../files/policy-file';

// Option parsing shared by the commands: every bad flag becomes one line naming it.

export const yearOption = z
  .string()
  .trim()
  .regex(/^\d{4}$/, 'năm phải là số có 4 chữ số (vd. 2022)')
  .transform(Number);

export const periodOption = z
  .string()
  .trim()
  .transform((v) => v.toUpperCase())
  .pipe(z.string().regex(/^[A-Z][A-Z0-9_]{0,19}$/, 'mã kỳ: chữ in hoa, số hoặc _ (vd. Q1, H1, Q3, YEAR)'));

/**
 * An instant with its offset (`2026-12-01T10:30:00+07:00`), in the years the working calendar
 * covers: `9999-12-31T…` is a typo, not a deadline.
 */
export const instantOption = z.iso
  .datetime({ offset: true, message: 'thời điểm ISO có múi giờ, vd. 2026-12-01T10:30:00+07:00' })
  .refine((v) => {
    const year = Number(vnDateOf(Date.parse(v)).slice(0, 4));
    return year >= CALENDAR_YEARS.first && year <= CALENDAR_YEARS.last;
  }, `năm phải từ ${CALENDAR_YEARS.first} đến ${CALENDAR_YEARS.last} (những năm lịch làm việc có dữ liệu)`);

export const agencyOption = z
  .string()
  .trim()
  .transform((v) => v.toUpperCase())
  .pipe(z.string().regex(/^[A-Z][A-Z0-9_]{1,19}$/, 'mã đơn vị: chữ in hoa, số hoặc _ (vd. STP, H_LAPVO)'));

/** Parses commander's options; a bad one becomes one line naming the flag (`--date: …`). */
export function parseOptions<T extends z.ZodType>(schema: T, opts: unknown): z.infer<T> {
  const result = schema.safeParse(opts);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const flag = `--${issuePath(issue.path).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  const given = issue.path.length > 0 ? (opts as Record<string, unknown>)[String(issue.path[0])] : undefined;
  throw new CliError(`${flag}: ${issue.message}${typeof given === 'string' ? ` (nhận "${given}")` : ''}`);
}

/** The policy of `--policy <tệp>`, or the default policy. */
export function loadPolicy(file: string | undefined): ReportingPolicy {
  if (!file) return DEFAULT_POLICY;
  try {
    return readPolicyFile(file);
  } catch (err) {
    throw new CliError(`--policy: ${(err as Error).message}`);
  }
}
