import { z } from 'zod';
import { agencyCode, agencyKind, officialCode, unitName } from './agencies';
import { isoDateSchema } from './calendar/date-schemas';

// The changes of units an official records, each on a date: from the CLI (`cchc agencies merge …`)
// or from the `operations:` list of an import file. One schema for both.

/** How a merge or a split passes contacts on: copies of the predecessors' (see unit-rules), or none. */
export const CONTACT_MODES = ['copy', 'none'] as const;
export type ContactMode = (typeof CONTACT_MODES)[number];

const contactMode = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(
    z.enum(CONTACT_MODES, {
      message: 'phải là copy (chép người liên hệ sang đơn vị kế thừa) hoặc none (không chép)',
    }),
  );

/** A field that must be there: missing or empty, it gets one error saying what it is. */
const need = <T extends z.ZodType>(what: string, schema: T) =>
  z.preprocess((v, ctx) => {
    if (v === undefined || v === null || v === '') {
      ctx.addIssue({ code: 'custom', message: `thiếu ${what}` });
      return z.NEVER;
    }
    return v;
  }, schema);

const date = need(
  'ngày hiệu lực (YYYY-MM-DD)',
  z.preprocess((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v), isoDateSchema),
);
const code = need('mã đơn vị', agencyCode);
const name = need('tên đơn vị', unitName);
const kind = need('loại đơn vị', agencyKind);
const codes = (min: number, what: string) =>
  need(
    what,
    z.preprocess(
      (v) =>
        typeof v === 'string'
          ? v
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean)
          : v,
      z
        .array(agencyCode)
        .min(min, `cần ít nhất ${min} ${what}`)
        .max(100, 'tối đa 100 đơn vị')
        .refine((list) => new Set(list).size === list.length, 'một mã có hai lần'),
    ),
  );

const founding = {
  name: unitName.optional(),
  kind: agencyKind.optional(),
  officialCode: officialCode.optional(),
  parent: agencyCode.optional(),
};

export const foundSchema = z
  .object({
    op: z.literal('found'),
    date,
    code,
    name,
    kind,
    officialCode: officialCode.optional(),
    parent: agencyCode.optional(),
    reporting: z.boolean().optional(),
  })
  .strict();

export const renameSchema = z
  .object({ op: z.literal('rename'), date, code: agencyCode, name: unitName })
  .strict();

export const mergeSchema = z
  .object({
    op: z.literal('merge'),
    date,
    from: codes(1, 'đơn vị được sáp nhập'),
    into: need('đơn vị nhận sáp nhập (into)', agencyCode),
    ...founding,
    contacts: contactMode.optional(),
    lead: agencyCode.optional(),
  })
  .strict();

export const splitSchema = z
  .object({
    op: z.literal('split'),
    date,
    from: need('đơn vị bị chia tách', agencyCode),
    into: codes(2, 'đơn vị kế thừa'),
    contacts: contactMode.optional(),
  })
  .strict();

export const dissolveSchema = z.object({ op: z.literal('dissolve'), date, code }).strict();

export const UNIT_CHANGE_OPS = ['found', 'rename', 'merge', 'split', 'dissolve'] as const;
export type UnitChangeOp = (typeof UNIT_CHANGE_OPS)[number];

export const unitChangeSchema = z.discriminatedUnion(
  'op',
  [foundSchema, renameSchema, mergeSchema, splitSchema, dissolveSchema],
  { error: `op phải là một trong: ${UNIT_CHANGE_OPS.join(', ')}` },
);

export type UnitChange = z.infer<typeof unitChangeSchema>;
export type FoundChange = z.infer<typeof foundSchema>;
export type RenameChange = z.infer<typeof renameSchema>;
export type MergeChange = z.infer<typeof mergeSchema>;
export type SplitChange = z.infer<typeof splitSchema>;
export type DissolveChange = z.infer<typeof dissolveSchema>;

/** The codes a change reads: to load them before planning it. */
export function codesOf(change: UnitChange): string[] {
  switch (change.op) {
    case 'found':
      return [change.code, ...(change.parent ? [change.parent] : [])];
    case 'rename':
    case 'dissolve':
      return [change.code];
    case 'merge':
      return [...change.from, change.into, ...(change.parent ? [change.parent] : [])];
    case 'split':
      return [change.from, ...change.into];
  }
}

/**
 * The change's identity in the log: the same change recorded twice has the same key (so the
 * second time changes nothing), whatever the order its codes were given in.
 */
export function changeKey(change: UnitChange): string {
  const sorted = (list: string[]) => [...list].sort().join('+');
  switch (change.op) {
    case 'found':
    case 'rename':
    case 'dissolve':
      return `${change.op}:${change.date}:${change.code}`;
    case 'merge':
      return `merge:${change.date}:${sorted(change.from)}>${change.into}`;
    case 'split':
      return `split:${change.date}:${change.from}>${sorted(change.into)}`;
  }
}

/** The kind the log stores. */
export const changeKindValue = (change: UnitChange) =>
  change.op.toUpperCase() as 'FOUND' | 'RENAME' | 'MERGE' | 'SPLIT' | 'DISSOLVE';

/** The field an issue is about: for an unknown key, that key. */
export function issueField(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys' && issue.keys.length > 0)
    return [...issue.path.map(String), issue.keys[0]].join('.');
  return issue.path.length > 0 ? issue.path.map(String).join('.') : 'op';
}
