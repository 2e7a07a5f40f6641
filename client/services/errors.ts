// Typed failures of the service layer. A service names the input field it refuses (in its own
// terms: `agencyCode`, `documentNumber`); the CLI says which flag that was, a web page which input.

export type ServiceErrorKind =
  | 'invalid' // the input is malformed or breaks a rule
  | 'not-found' // it names something that does not exist
  | 'conflict' // the thing exists but is in a state that refuses this (closed, already opened)
  | 'rejected' // a workflow's validator refused the request
  | 'unavailable'; // a server (PostgreSQL, Temporal) could not be reached

export interface ServiceErrorOptions {
  /** The input field the error is about. */
  field?: string;
  /** Where inside that field, when deeper (`findings[0].remediationDueDate`). */
  path?: string;
  /** One line per problem found (a file's bad rows), said before the error itself. */
  details?: string[];
}

export class ServiceError extends Error {
  readonly field?: string;
  readonly path?: string;
  readonly details: string[];

  constructor(
    readonly kind: ServiceErrorKind,
    message: string,
    opts: ServiceErrorOptions = {},
  ) {
    super(message);
    this.name = 'ServiceError';
    this.field = opts.field;
    this.path = opts.path;
    this.details = opts.details ?? [];
  }
}

export const invalid = (field: string | undefined, message: string) =>
  new ServiceError('invalid', message, { field });
export const notFound = (field: string | undefined, message: string) =>
  new ServiceError('not-found', message, { field });
export const conflict = (message: string, field?: string) => new ServiceError('conflict', message, { field });
export const unavailable = (message: string) => new ServiceError('unavailable', message);

/**
 * A message that starts with a field (`documentNumber: …`, `findings[0].remediationDueDate: …`),
 * as validators and schemas write them, becomes an error naming that field when it is one of `known`.
 */
export function fieldError(kind: ServiceErrorKind, message: string, known?: readonly string[]): ServiceError {
  const m = /^([A-Za-z]+)((?:\[\d+\]|\.[A-Za-z]+)*): (.*)$/s.exec(message);
  if (m && (!known || known.includes(m[1]!)))
    return new ServiceError(kind, m[3]!, { field: m[1], ...(m[2] ? { path: `${m[1]}${m[2]}` } : {}) });
  return new ServiceError(kind, message);
}

export const rejection = (message: string, known: readonly string[]) =>
  fieldError('rejected', message, known);

export function firstLine(err: unknown): string {
  return (
    (err instanceof Error ? err.message : String(err)).split('\n').find((l) => l.trim() !== '') ??
    'lỗi không rõ'
  );
}
