import type { z } from 'zod';
import { formatZodIssues } from '../../domain/zod-format';
import { zodVietnamese } from '../../domain/zod-vi';

// Refusals are read by officials: zod's own messages in Vietnamese here too, as in the CLI. Given
// per parse: zod's global configuration is frozen inside the workflow sandbox.
const VIETNAMESE = zodVietnamese().localeError;

/** Update validators reject before anything enters history; the message names the field. */
export function parseOrReject<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value, { error: VIETNAMESE });
  if (!result.success) throw new Error(formatZodIssues(result.error).join('; '));
  return result.data;
}

/** A business rule's verdict (undefined: fine) becomes the update's rejection. */
export function rejectIf(problem: string | undefined): void {
  if (problem) throw new Error(problem);
}
