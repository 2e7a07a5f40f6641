import { KIND_LABELS, type AgencyKindName } from './agencies';
import { compareDates, formatVnDatePadded as vn, type IsoDate } from './calendar/dates';
import {
  changeKey,
  type DissolveChange,
  type FoundChange,
  type MergeChange,
  type RenameChange,
  type SplitChange,
  type UnitChange,
} from './unit-changes';
import { planContactCopies, type ContactCopy, type ContactMove, type ContactState } from './unit-contacts';
import { dayBefore, inForceOn, nameOn, type NameEntry, type UnitLife } from './unit-life';

// The rules of unit changes, pure: a change is planned against the units it names (a "book"
// loaded by the service, or simulated for a whole file), and either refused with one error naming
// its field or turned into the writes to make. A change whose effect is already there is "unchanged".

export interface UnitState extends UnitLife {
  code: string;
  kind: AgencyKindName;
  officialCode: string | null;
  names: NameEntry[];
  parent: string | null;
  reporting: boolean;
  /** The change that ended it (merge, split, dissolve), if one did. */
  ended: { key: string; op: 'merge' | 'split' | 'dissolve'; date: IsoDate; into: string[] } | null;
  contacts: ContactState[];
}

export interface UnitBook {
  units: Map<string, UnitState>;
  /** Keys of the changes already recorded among those being planned. */
  recorded: Set<string>;
}

export type Effect =
  | {
      type: 'create';
      unit: Omit<UnitState, 'names' | 'ended' | 'contacts' | 'validTo'> & { name: string; validTo: null };
    }
  | { type: 'name'; code: string; name: string; validFrom: IsoDate | null }
  | { type: 'end'; code: string; validTo: IsoDate }
  | { type: 'succession'; from: string; to: string; date: IsoDate }
  | ({ type: 'contact' } & ContactCopy);

export interface ChangePlan {
  key: string;
  change: UnitChange;
  status: 'apply' | 'unchanged';
  effects: Effect[];
  /** Contacts passed on (or not), for the official to read. */
  moved: ContactMove[];
}

export class UnitChangeError extends Error {
  constructor(
    readonly field: string,
    message: string,
    /** not-found: it names a unit that does not exist; conflict: the unit's state refuses it. */
    readonly kind: 'invalid' | 'not-found' | 'conflict' = 'invalid',
  ) {
    super(message);
    this.name = 'UnitChangeError';
  }
}

const fail = (field: string, message: string, kind?: UnitChangeError['kind']) =>
  new UnitChangeError(field, message, kind);
const OP_VI = { merge: 'sáp nhập vào', split: 'chia tách thành', dissolve: 'giải thể' } as const;

function get(book: UnitBook, code: string, field: string): UnitState {
  const unit = book.units.get(code);
  if (!unit) throw fail(field, `không có đơn vị mã ${code}`, 'not-found');
  return unit;
}

/** `unit` may end on the day before `date`: it began before, and nothing ended it yet. */
function checkCanEnd(unit: UnitState, date: IsoDate, field: string): void {
  if (unit.validFrom && compareDates(date, unit.validFrom) <= 0)
    throw fail(
      'date',
      `${unit.code} chỉ có hiệu lực từ ${vn(unit.validFrom)}: ngày thay đổi phải sau ngày đó`,
    );
  if (unit.ended) {
    const how = `${OP_VI[unit.ended.op]}${unit.ended.into.length > 0 ? ` ${unit.ended.into.join(', ')}` : ''}`;
    throw fail(
      field,
      `${unit.code} đã kết thúc ngày ${vn(dayBefore(unit.ended.date))} (${how}): không thay đổi lần nữa`,
      'conflict',
    );
  }
  if (unit.validTo && unit.validTo !== dayBefore(date))
    throw fail(
      field,
      `${unit.code} đã có ngày kết thúc ${vn(unit.validTo)}, không phải ${vn(dayBefore(date))}`,
    );
}

/** `unit` is in force on `date` (a successor, a parent). */
function checkInForce(unit: UnitState, date: IsoDate, field: string): void {
  if (inForceOn(unit, date)) return;
  if (unit.validFrom && compareDates(date, unit.validFrom) < 0)
    throw fail(field, `${unit.code} chỉ có hiệu lực từ ${vn(unit.validFrom)}, sau ngày ${vn(date)}`);
  throw fail(field, `${unit.code} đã kết thúc ngày ${vn(unit.validTo!)}, trước ngày ${vn(date)}`);
}

/**
 * No other unit holds the official code during the new unit's life (from `date` on); the units
 * this change ends (`ending`) may hand theirs on, as a merged commune's code often is.
 */
function checkOfficialCode(
  book: UnitBook,
  code: string,
  officialCode: string | undefined,
  date: IsoDate,
  ending: string[] = [],
): void {
  if (!officialCode) return;
  for (const other of book.units.values()) {
    if (other.code === code || other.officialCode !== officialCode || ending.includes(other.code)) continue;
    if (other.validTo === null || compareDates(other.validTo, date) >= 0)
      throw fail('officialCode', `mã đơn vị hành chính ${officialCode} đã thuộc ${other.code}`);
  }
}

function checkParent(book: UnitBook, parent: string | undefined, date: IsoDate): void {
  if (parent) checkInForce(get(book, parent, 'parent'), date, 'parent');
}

const plan = (change: UnitChange, effects: Effect[] = [], moved: ContactMove[] = []): ChangePlan => ({
  key: changeKey(change),
  change,
  status: effects.length === 0 ? 'unchanged' : 'apply',
  effects,
  moved,
});

function planFound(book: UnitBook, c: FoundChange): ChangePlan {
  const existing = book.units.get(c.code);
  if (existing) {
    const same =
      existing.validFrom === c.date &&
      existing.kind === c.kind &&
      nameOn(existing.names, c.date) === c.name &&
      existing.officialCode === (c.officialCode ?? null);
    if (same) return plan(c);
    throw fail(
      'code',
      `đã có đơn vị mã ${c.code} (${nameOn(existing.names, c.date)}): chọn mã khác`,
      'conflict',
    );
  }
  checkParent(book, c.parent, c.date);
  checkOfficialCode(book, c.code, c.officialCode, c.date);
  return plan(c, [{ type: 'create', unit: newUnit(c.code, c, c.date, c.reporting) }]);
}

function newUnit(
  code: string,
  c: { name?: string; kind?: AgencyKindName; officialCode?: string; parent?: string },
  date: IsoDate,
  reporting?: boolean,
): Extract<Effect, { type: 'create' }>['unit'] {
  return {
    code,
    name: c.name!,
    kind: c.kind!,
    officialCode: c.officialCode ?? null,
    parent: c.parent ?? null,
    reporting: reporting ?? c.kind !== 'province',
    validFrom: date,
    validTo: null,
  };
}

function planRename(book: UnitBook, c: RenameChange): ChangePlan {
  const unit = get(book, c.code, 'code');
  if (unit.validFrom && compareDates(c.date, unit.validFrom) < 0)
    throw fail('date', `${vn(c.date)} trước ngày ${c.code} bắt đầu hiệu lực (${vn(unit.validFrom)})`);
  if (unit.validTo && compareDates(c.date, unit.validTo) > 0)
    throw fail('date', `${c.code} đã kết thúc ngày ${vn(unit.validTo)}, trước ngày ${vn(c.date)}`);
  if (nameOn(unit.names, c.date) === c.name) return plan(c);
  // Renamed on its first day: that is its first name, corrected.
  const validFrom = unit.validFrom === c.date ? null : c.date;
  return plan(c, [{ type: 'name', code: c.code, name: c.name, validFrom }]);
}

function planMerge(book: UnitBook, c: MergeChange): ChangePlan {
  if (c.from.includes(c.into)) throw fail('into', `không thể sáp nhập ${c.into} vào chính nó`);
  if (c.lead && !c.from.includes(c.lead))
    throw fail('lead', `${c.lead} không thuộc các đơn vị được sáp nhập (${c.from.join(', ')})`);
  const sources = c.from.map((code) => get(book, code, 'from'));
  const target = book.units.get(c.into);
  if (book.recorded.has(changeKey(c))) {
    if (c.name && target && nameOn(target.names, c.date) !== c.name)
      throw fail('name', `${c.into} đã mang tên "${nameOn(target.names, c.date)}" ngày ${vn(c.date)}`);
    return plan(c);
  }
  for (const unit of sources) checkCanEnd(unit, c.date, 'from');
  const effects: Effect[] = [];
  if (target) {
    checkInForce(target, c.date, 'into');
    if (c.name && nameOn(target.names, c.date) !== c.name)
      throw fail(
        'name',
        `${c.into} đã có, mang tên "${nameOn(target.names, c.date)}": đổi tên bằng "rename"`,
      );
    if (c.kind && target.kind !== c.kind)
      throw fail('kind', `${c.into} đã có, thuộc loại ${KIND_LABELS[target.kind]}`);
  } else {
    if (!c.name || !c.kind)
      throw fail(
        'into',
        `chưa có đơn vị ${c.into}: cần tên (name) và loại (kind) để lập mới từ ngày ${vn(c.date)}`,
      );
    checkParent(book, c.parent, c.date);
    checkOfficialCode(book, c.into, c.officialCode, c.date, c.from);
    effects.push({ type: 'create', unit: newUnit(c.into, c, c.date) });
  }
  for (const unit of sources) {
    effects.push({ type: 'end', code: unit.code, validTo: dayBefore(c.date) });
    effects.push({ type: 'succession', from: unit.code, to: c.into, date: c.date });
  }
  const lead = c.lead ?? c.from[0]!;
  const ordered = [...sources].sort((a, b) => Number(b.code === lead) - Number(a.code === lead));
  return withContacts(c, effects, c.contacts, ordered, [target ?? { code: c.into, contacts: [] }]);
}

function planSplit(book: UnitBook, c: SplitChange): ChangePlan {
  if (c.into.includes(c.from)) throw fail('into', `không thể chia tách ${c.from} thành chính nó`);
  const source = get(book, c.from, 'from');
  const targets = c.into.map((code) => {
    const unit = book.units.get(code);
    if (!unit)
      throw fail(
        'into',
        `không có đơn vị mã ${code}: lập đơn vị kế thừa trước (found) từ ngày ${vn(c.date)}`,
      );
    return unit;
  });
  if (book.recorded.has(changeKey(c))) return plan(c);
  checkCanEnd(source, c.date, 'from');
  for (const unit of targets) checkInForce(unit, c.date, 'into');
  const effects: Effect[] = [{ type: 'end', code: c.from, validTo: dayBefore(c.date) }];
  for (const unit of targets) effects.push({ type: 'succession', from: c.from, to: unit.code, date: c.date });
  return withContacts(c, effects, c.contacts, [source], targets);
}

function planDissolve(book: UnitBook, c: DissolveChange): ChangePlan {
  const unit = get(book, c.code, 'code');
  if (book.recorded.has(changeKey(c))) return plan(c);
  checkCanEnd(unit, c.date, 'code');
  return plan(c, [{ type: 'end', code: c.code, validTo: dayBefore(c.date) }]);
}

function withContacts(
  change: UnitChange,
  effects: Effect[],
  mode: 'copy' | 'none' | undefined,
  sources: UnitState[],
  targets: { code: string; contacts: ContactState[] }[],
): ChangePlan {
  const moved: ContactMove[] = [];
  if (mode !== 'none') {
    for (const target of targets) {
      const planned = planContactCopies(sources, target);
      effects.push(...planned.copies.map((copy) => ({ type: 'contact' as const, ...copy })));
      moved.push(...planned.moved);
    }
  }
  return plan(change, effects, moved);
}

/** Plans one change against `book`; throws a UnitChangeError naming the field it refuses. */
export function planChange(book: UnitBook, change: UnitChange): ChangePlan {
  switch (change.op) {
    case 'found':
      return planFound(book, change);
    case 'rename':
      return planRename(book, change);
    case 'merge':
      return planMerge(book, change);
    case 'split':
      return planSplit(book, change);
    case 'dissolve':
      return planDissolve(book, change);
  }
}
