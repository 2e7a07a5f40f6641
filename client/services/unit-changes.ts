import type { Db } from '../../config/connections';
import type { IsoDate } from '../../domain/calendar/dates';
import { applyPlan } from '../../domain/unit-book';
import {
  changeKey,
  codesOf,
  issueField,
  unitChangeSchema,
  type UnitChange,
  type UnitChangeOp,
} from '../../domain/unit-changes';
import type { ContactMove } from '../../domain/unit-contacts';
import { planChange, UnitChangeError, type ChangePlan, type UnitBook } from '../../domain/unit-rules';
import type { ServiceContext } from './context';
import { ServiceError } from './errors';
import { tellCyclesOfChange, type CyclesTold } from './unit-cycles';
import { ConcurrentChange, loadBook, writePlan } from './unit-store';

// Recording a change of units on a date (found, rename, merge, split, dissolve): validated by the
// rules of domain/unit-rules.ts, written in one transaction, idempotent (the same change recorded
// again changes nothing and says so).

export interface ChangeResult {
  key: string;
  op: UnitChangeOp;
  date: IsoDate;
  /** `unchanged`: this change was already recorded (or its effect is already there). */
  status: 'applied' | 'unchanged';
  change: UnitChange;
  /** Units founded by it, ended by it (with their last day), renamed by it. */
  founded: string[];
  ended: { code: string; validTo: IsoDate }[];
  renamed: { code: string; name: string; validFrom: IsoDate | null }[];
  /** Contacts passed on to successors, and those not (with why). */
  moved: ContactMove[];
  /** A merge: the running cycles told to carry the merged units' reports to the successor. */
  cycles?: CyclesTold;
}

/** A rule's refusal as the service's error, naming the field. */
export function changeError(err: unknown): unknown {
  if (err instanceof UnitChangeError) return new ServiceError(err.kind, err.message, { field: err.field });
  return err;
}

/** Parses what an official typed (or a file said); a bad field gets one error naming it. */
export function parseChange(input: unknown): UnitChange {
  const parsed = unitChangeSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new ServiceError('invalid', issue.message, { field: issueField(issue) });
}

/** The book a change needs: the units it names and any unit holding the official code it gives. */
export function bookFor(
  db: Db,
  changes: UnitChange[],
  extra: { codes?: string[]; officialCodes?: string[]; contacts?: boolean } = {},
): Promise<UnitBook> {
  return loadBook(db, {
    codes: [...changes.flatMap(codesOf), ...(extra.codes ?? [])],
    officialCodes: [
      ...changes.flatMap((c) => ('officialCode' in c && c.officialCode ? [c.officialCode] : [])),
      ...(extra.officialCodes ?? []),
    ],
    keys: changes.map(changeKey),
    contacts: extra.contacts,
  });
}

/** Plans and writes one change; planned again once if another writer changed a unit meanwhile. */
export async function applyChange(db: Db, change: UnitChange): Promise<ChangeResult> {
  for (let attempt = 1; ; attempt++) {
    let plan: ChangePlan;
    try {
      plan = planChange(await bookFor(db, [change]), change);
    } catch (err) {
      throw changeError(err);
    }
    try {
      const written = await writePlan(db, plan);
      return resultOf(plan, written);
    } catch (err) {
      if (!(err instanceof ConcurrentChange) || attempt >= 2) {
        if (err instanceof ConcurrentChange)
          throw new ServiceError('conflict', 'đơn vị vừa được thay đổi đồng thời: thử lại');
        throw err;
      }
    }
  }
}

export function resultOf(plan: ChangePlan, written: boolean): ChangeResult {
  const applied = written && plan.status === 'apply';
  const of = <T extends ChangePlan['effects'][number]['type']>(type: T) =>
    applied
      ? plan.effects.filter((e): e is Extract<ChangePlan['effects'][number], { type: T }> => e.type === type)
      : [];
  return {
    key: plan.key,
    op: plan.change.op,
    date: plan.change.date,
    status: applied ? 'applied' : 'unchanged',
    change: plan.change,
    founded: of('create').map((e) => e.unit.code),
    ended: of('end').map((e) => ({ code: e.code, validTo: e.validTo })),
    renamed: of('name').map((e) => ({ code: e.code, name: e.name, validFrom: e.validFrom })),
    moved: applied ? plan.moved : [],
  };
}

/** `cchc agencies found|rename|merge|split|dissolve`: records one change. */
export async function recordUnitChange(ctx: ServiceContext, input: unknown): Promise<ChangeResult> {
  const change = parseChange(input);
  const result = await applyChange(await ctx.db(), change);
  if (change.op !== 'merge') return result;
  return { ...result, cycles: await tellCyclesOfChange(ctx, change) };
}

/**
 * Checks a sequence of changes against `book` (mutated as if they were applied): the first
 * refusal of each change, with its index. Used to refuse a whole file before writing any of it.
 */
export function simulateChanges(
  book: UnitBook,
  changes: UnitChange[],
): { index: number; field: string; message: string }[] {
  const errors: { index: number; field: string; message: string }[] = [];
  changes.forEach((change, index) => {
    try {
      applyPlan(book, planChange(book, change));
    } catch (err) {
      if (!(err instanceof UnitChangeError)) throw err;
      errors.push({ index, field: err.field, message: err.message });
    }
  });
  return errors;
}
