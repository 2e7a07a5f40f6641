import { ServiceError } from '../services/errors';
import { CliError } from './errors';

// Runs a command's action; a service error naming an input field is said with the flag the
// official typed (`--doc: …`), a workflow's refusal without one as `không chấp nhận: …`.

export type Flags = Record<string, string>;

const kebab = (field: string) => `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

export function toCliError(err: unknown, flags: Flags = {}): unknown {
  if (!(err instanceof ServiceError)) return err;
  for (const line of err.details) process.stderr.write(`${line}\n`);
  const flag = err.field ? (flags[err.field] ?? kebab(err.field)) : undefined;
  const refused = err.kind === 'rejected' && !flag ? 'không chấp nhận: ' : '';
  const where = flag ? `${flag}${err.path ? ` (${err.path})` : ''}: ` : '';
  return new CliError(`${refused}${where}${err.message}`);
}

/** Wraps a commander action so that service errors read in the command's own flags. */
export function run<A extends unknown[]>(
  flags: Flags,
  action: (...args: A) => Promise<void> | void,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await action(...args);
    } catch (err) {
      throw toCliError(err, flags);
    }
  };
}
