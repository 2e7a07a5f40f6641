import type { z } from 'zod';

/**
 * A schema built the first time it is asked for. For the payload schemas of a workflow's updates:
 * Temporal evaluates a workflow's modules for every workflow it creates, and a report that never
 * receives an update then never pays for building them.
 */
export function lazySchema<T extends z.ZodType>(build: () => T): () => T {
  let schema: T | undefined;
  return () => (schema ??= build());
}
