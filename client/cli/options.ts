import { z } from 'zod';
import { DEFAULT_POLICY, type ReportingPolicy } from '../../domain/calendar';
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

/** The policy of `--policy <file>`, or the default policy. */
export function loadPolicy(file: string | undefined): ReportingPolicy {
  if (!file) return DEFAULT_POLICY;
  try {
    return readPolicyFile(file);
  } catch (err) {
    throw new CliError(`--policy: ${(err as Error).message}`);
  }
}
