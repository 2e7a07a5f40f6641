import type { AgencyRow } from './agencies';
import { formatVnDatePadded as vn } from './calendar/dates';
import type { UnitChange } from './unit-changes';
import type { ChangePlan, UnitBook, UnitState } from './unit-rules';
import { sortNames } from './unit-life';

// A book of units in memory: what a whole import file would do (its rows, then its operations in
// order) is simulated here first, so that a file with any bad row or operation changes nothing.

/** Applies a planned change to the book, as the service will write it to the database. */
export function applyPlan(book: UnitBook, plan: ChangePlan): void {
  const op = plan.change.op;
  for (const effect of plan.effects) {
    switch (effect.type) {
      case 'create': {
        const { name, ...unit } = effect.unit;
        book.units.set(unit.code, { ...unit, names: [{ name, validFrom: null }], ended: null, contacts: [] });
        break;
      }
      case 'name': {
        const unit = book.units.get(effect.code)!;
        const others = unit.names.filter((n) => n.validFrom !== effect.validFrom);
        unit.names = sortNames([...others, { name: effect.name, validFrom: effect.validFrom }]);
        break;
      }
      case 'end': {
        const unit = book.units.get(effect.code)!;
        unit.validTo = effect.validTo;
        if (op === 'merge' || op === 'split' || op === 'dissolve')
          unit.ended = { key: plan.key, op, date: plan.change.date, into: successorsOf(plan.change) };
        break;
      }
      case 'contact': {
        const unit = book.units.get(effect.to)!;
        unit.contacts.push({ ...effect.contact, id: undefined, active: effect.active });
        break;
      }
      case 'succession':
        break;
    }
  }
  book.recorded.add(plan.key);
}

function successorsOf(change: UnitChange): string[] {
  if (change.op === 'merge') return [change.into];
  if (change.op === 'split') return [...change.into].sort();
  return [];
}

export interface RowIssue {
  field: string;
  message: string;
}

/**
 * What importing `row` does to the book: a new unit, or the existing one updated (its latest name
 * corrected; validFrom / validTo only where the row gives them). Returns what the row may not do.
 */
export function overlayRow(book: UnitBook, row: AgencyRow): RowIssue[] {
  const existing = book.units.get(row.code);
  const issues: RowIssue[] = [];
  if (existing?.ended && row.validTo && row.validTo !== existing.validTo) {
    issues.push({
      field: 'validTo',
      message: `${row.code} đã kết thúc ngày ${vn(existing.validTo!)} do thay đổi đơn vị: không sửa bằng tệp`,
    });
  }
  const validFrom = row.validFrom ?? existing?.validFrom ?? null;
  const validTo = row.validTo ?? existing?.validTo ?? null;
  if (validFrom && validTo && validFrom > validTo)
    issues.push({
      field: 'validFrom',
      message: `ngày bắt đầu ${vn(validFrom)} sau ngày kết thúc ${vn(validTo)}`,
    });
  if (row.officialCode) {
    for (const other of holdersOf(book, row.officialCode)) {
      if (other.code === row.code || other.officialCode !== row.officialCode) continue;
      const overlaps =
        (other.validTo === null || validFrom === null || other.validTo >= validFrom) &&
        (validTo === null || other.validFrom === null || other.validFrom <= validTo);
      if (overlaps)
        issues.push({
          field: 'officialCode',
          message: `mã đơn vị hành chính ${row.officialCode} đã thuộc ${other.code}`,
        });
    }
  }
  if (issues.length > 0) return issues;
  const names = existing ? existing.names.map((n) => ({ ...n })) : [];
  const latest = sortNames(names).at(-1);
  if (latest) latest.name = row.name;
  else names.push({ name: row.name, validFrom: null });
  const unit: UnitState = {
    code: row.code,
    kind: row.kind,
    officialCode: row.officialCode ?? null,
    names,
    parent: row.parent ?? null,
    reporting: row.reporting,
    validFrom,
    validTo,
    ended: existing?.ended ?? null,
    contacts: row.contacts
      ? row.contacts.map((c) => ({
          role: c.role,
          name: c.name,
          email: c.email ?? null,
          phone: c.phone ?? null,
          active: c.active,
        }))
      : (existing?.contacts ?? []),
  };
  if (existing?.officialCode) holdersOf(book, existing.officialCode).delete(existing);
  book.units.set(row.code, unit);
  if (unit.officialCode) holdersOf(book, unit.officialCode).add(unit);
  return [];
}

const officialIndex = new WeakMap<UnitBook, Map<string, Set<UnitState>>>();

/** The units of the book that hold (or held) an official code: an index, so a whole file is checked in linear time. */
function holdersOf(book: UnitBook, officialCode: string): Set<UnitState> {
  let index = officialIndex.get(book);
  if (!index) {
    index = new Map();
    for (const unit of book.units.values())
      if (unit.officialCode)
        index.set(unit.officialCode, (index.get(unit.officialCode) ?? new Set()).add(unit));
    officialIndex.set(book, index);
  }
  let holders = index.get(officialCode);
  if (!holders) index.set(officialCode, (holders = new Set()));
  return holders;
}
