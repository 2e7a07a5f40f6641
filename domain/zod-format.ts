import type { z } from 'zod';

/** `a.b[2].c` for a zod issue path; `(root)` for an empty path. */
export function issuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(root)';
}

/** What an unexpected key is told (zod's own line names the object, not the key). */
export const UNKNOWN_FIELD = 'trường này không có trong mẫu';

/** One line per issue, each naming its field (`period: …`); an unexpected key is named itself. */
export function formatZodIssues(error: z.ZodError, prefix = ''): string[] {
  const line = (path: readonly PropertyKey[], message: string) => {
    const field = issuePath(path);
    return `${prefix}${prefix && field === '(root)' ? '' : field}: ${message}`.replace(/^: /, '');
  };
  return error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => line([...issue.path, key], UNKNOWN_FIELD))
      : [line(issue.path, issue.message)],
  );
}

/** Parses or throws an Error whose message names every bad field, `label` first. */
export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, label: string): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw new Error(`${label}: ${formatZodIssues(result.error).join('; ')}`);
  return result.data;
}

/**
 * Params for a `.refine` / `.superRefine` that checks across fields: zod 4 runs a refinement even
 * after a field of the same value failed its own check, which would add a second, derived error
 * (or read a value that is not what its type says). With this it runs only on a value whose parts
 * all passed, so one bad field gives one error.
 */
export const whenValid = {
  when: (payload: { issues: readonly unknown[] }): boolean => payload.issues.length === 0,
};
