import { applyPlan } from '../../domain/unit-book';
import { unitChangeSchema, type UnitChange } from '../../domain/unit-changes';
import type { ContactState } from '../../domain/unit-contacts';
import { planChange, UnitChangeError, type UnitBook, type UnitState } from '../../domain/unit-rules';

// The rules of unit changes on an in-memory book: what each change writes, what it refuses (one
// error naming the field), and that the same change planned again changes nothing.

const contact = (role: ContactState['role'], name: string, active = true): ContactState => ({
  role,
  name,
  email: `${name.toLowerCase().replace(/\W+/g, '.')}@dongthap.example`,
  phone: null,
  active,
});

function unit(code: string, extra: Partial<UnitState> = {}): UnitState {
  return {
    code,
    kind: 'xa',
    officialCode: null,
    names: [{ name: `Xã ${code}`, validFrom: null }],
    parent: null,
    reporting: true,
    validFrom: '2025-07-01',
    validTo: null,
    ended: null,
    contacts: [],
    ...extra,
  };
}

function book(...units: UnitState[]): UnitBook {
  return { units: new Map(units.map((u) => [u.code, u])), recorded: new Set() };
}

const change = (input: Record<string, unknown>): UnitChange => unitChangeSchema.parse(input);

/** Plans and applies: what the service does, on the book. */
function apply(b: UnitBook, input: Record<string, unknown>) {
  const plan = planChange(b, change(input));
  applyPlan(b, plan);
  return plan;
}

function refusal(
  b: UnitBook,
  input: Record<string, unknown>,
): { field: string; message: string; kind: string } {
  try {
    planChange(b, change(input));
  } catch (err) {
    if (err instanceof UnitChangeError) return { field: err.field, message: err.message, kind: err.kind };
    throw err;
  }
  throw new Error('the change was accepted');
}

const MERGE = { op: 'merge', date: '2026-01-01', from: ['A1', 'B1'], into: 'C1' };

describe('merge', () => {
  it('ends A and B the day before, founds C on the date, records both successions', () => {
    const b = book(unit('A1'), unit('B1'));
    const plan = apply(b, { ...MERGE, name: 'Xã Mới', kind: 'xa' });
    expect(plan.status).toBe('apply');
    expect(plan.effects.filter((e) => e.type !== 'contact')).toEqual([
      expect.objectContaining({
        type: 'create',
        unit: expect.objectContaining({ code: 'C1', validFrom: '2026-01-01' }),
      }),
      { type: 'end', code: 'A1', validTo: '2025-12-31' },
      { type: 'succession', from: 'A1', to: 'C1', date: '2026-01-01' },
      { type: 'end', code: 'B1', validTo: '2025-12-31' },
      { type: 'succession', from: 'B1', to: 'C1', date: '2026-01-01' },
    ]);
    expect(b.units.get('A1')).toMatchObject({ validTo: '2025-12-31', ended: { op: 'merge', into: ['C1'] } });
  });

  it('merges into a unit that already exists and is in force on the date', () => {
    const b = book(unit('A1'), unit('B1'), unit('C1'));
    expect(apply(b, MERGE).effects.some((e) => e.type === 'create')).toBe(false);
  });

  it('changes nothing the second time, whatever the order of the codes', () => {
    const b = book(unit('A1'), unit('B1'), unit('C1'));
    apply(b, MERGE);
    const again = planChange(b, change({ ...MERGE, from: ['B1', 'A1'] }));
    expect(again).toMatchObject({ status: 'unchanged', effects: [] });
  });

  it('accepts units whose file already ends them the day before (the 2022 set)', () => {
    const b = book(unit('A1', { validFrom: null, validTo: '2025-12-31' }), unit('C1'));
    expect(apply(b, { ...MERGE, from: ['A1'] }).status).toBe('apply');
  });

  it('lets the new unit take over a predecessor official code', () => {
    const b = book(unit('A1', { officialCode: '30019' }), unit('B1'));
    expect(apply(b, { ...MERGE, name: 'Xã Mới', kind: 'xa', officialCode: '30019' }).status).toBe('apply');
  });

  it.each([
    ['an unknown code', { ...MERGE, from: ['A1', 'NOPE'] }, 'from', 'not-found', /không có đơn vị mã NOPE/],
    [
      'a merge into itself',
      { ...MERGE, into: 'A1' },
      'into',
      'invalid',
      /không thể sáp nhập A1 vào chính nó/,
    ],
    [
      'a date before validFrom',
      { ...MERGE, date: '2020-01-01' },
      'date',
      'invalid',
      /A1 chỉ có hiệu lực từ 01\/07\/2025/,
    ],
    ['a date on validFrom', { ...MERGE, date: '2025-07-01' }, 'date', 'invalid', /phải sau ngày đó/],
    [
      'a new unit without a name',
      { ...MERGE, into: 'NEW1' },
      'into',
      'invalid',
      /chưa có đơn vị NEW1: cần tên/,
    ],
    ['a lead not among the units', { ...MERGE, lead: 'C1' }, 'lead', 'invalid', /C1 không thuộc/],
    [
      'a successor not yet in force',
      { ...MERGE, into: 'LATE' },
      'into',
      'invalid',
      /LATE chỉ có hiệu lực từ 01\/06\/2026/,
    ],
    [
      'a name that is not the successor s',
      { ...MERGE, name: 'Xã Khác' },
      'name',
      'invalid',
      /đã có, mang tên/,
    ],
    [
      'an official code another unit holds',
      { ...MERGE, into: 'NEW1', name: 'Xã Mới', kind: 'xa', officialCode: '11111' },
      'officialCode',
      'invalid',
      /11111 đã thuộc D1/,
    ],
  ])('refuses %s, naming the field', (_label, input, field, kind, message) => {
    const b = book(
      unit('A1'),
      unit('B1'),
      unit('C1'),
      unit('D1', { officialCode: '11111' }),
      unit('LATE', { validFrom: '2026-06-01' }),
    );
    const before = structuredClone([...b.units.entries()]);
    expect(refusal(b, input)).toEqual({ field, kind, message: expect.stringMatching(message) });
    expect([...b.units.entries()]).toEqual(before);
  });

  it('refuses a unit merged twice (already ended)', () => {
    const b = book(unit('A1'), unit('B1'), unit('C1'), unit('E1'));
    apply(b, MERGE);
    expect(refusal(b, { ...MERGE, from: ['A1'], into: 'E1' })).toEqual({
      field: 'from',
      kind: 'conflict',
      message: 'A1 đã kết thúc ngày 31/12/2025 (sáp nhập vào C1): không thay đổi lần nữa',
    });
    expect(refusal(b, { op: 'dissolve', date: '2026-03-01', code: 'B1' })).toMatchObject({
      field: 'code',
      kind: 'conflict',
    });
  });

  it('refuses a unit whose recorded end is another day', () => {
    const b = book(unit('A1', { validTo: '2025-09-30' }), unit('C1'));
    expect(refusal(b, { ...MERGE, from: ['A1'] })).toMatchObject({
      field: 'from',
      message: /ngày kết thúc 30\/09\/2025/,
    });
  });
});

describe('contacts passed on by a merge', () => {
  const withContacts = () =>
    book(
      unit('A1', {
        contacts: [
          contact('focal_point', 'Đầu mối A'),
          contact('head', 'Chủ tịch A'),
          contact('focal_point', 'Cũ A', false),
        ],
      }),
      unit('B1', { contacts: [contact('focal_point', 'Đầu mối B'), contact('snv_desk', 'Phòng CCHC B')] }),
    );

  it("copies every active contact; the lead's focal point and head receive, the others' are kept silent", () => {
    const b = withContacts();
    const plan = apply(b, { ...MERGE, name: 'Xã Mới', kind: 'xa', lead: 'B1' });
    expect(plan.moved).toEqual([
      { from: 'B1', to: 'C1', role: 'focal_point', name: 'Đầu mối B', receives: true },
      { from: 'B1', to: 'C1', role: 'snv_desk', name: 'Phòng CCHC B', receives: true },
      {
        from: 'A1',
        to: 'C1',
        role: 'focal_point',
        name: 'Đầu mối A',
        receives: false,
        reason: 'lead-kept',
        kept: 'B1',
      },
      { from: 'A1', to: 'C1', role: 'head', name: 'Chủ tịch A', receives: true },
    ]);
    expect(b.units.get('C1')!.contacts.map((c) => [c.name, c.active])).toEqual([
      ['Đầu mối B', true],
      ['Phòng CCHC B', true],
      ['Đầu mối A', false],
      ['Chủ tịch A', true],
    ]);
    // The predecessors keep their own rows as they were.
    expect(b.units.get('A1')!.contacts.map((c) => c.active)).toEqual([true, true, false]);
  });

  it('keeps the focal point an existing successor already has', () => {
    const b = withContacts();
    b.units.set(
      'C1',
      unit('C1', { contacts: [contact('focal_point', 'Đầu mối C'), contact('head', 'Chủ tịch A')] }),
    );
    const plan = apply(b, MERGE);
    expect(plan.moved).toEqual([
      {
        from: 'A1',
        to: 'C1',
        role: 'focal_point',
        name: 'Đầu mối A',
        receives: false,
        reason: 'successor-has-role',
        kept: 'C1',
      },
      { from: 'A1', to: 'C1', role: 'head', name: 'Chủ tịch A', receives: false, reason: 'already-there' },
      {
        from: 'B1',
        to: 'C1',
        role: 'focal_point',
        name: 'Đầu mối B',
        receives: false,
        reason: 'successor-has-role',
        kept: 'C1',
      },
      { from: 'B1', to: 'C1', role: 'snv_desk', name: 'Phòng CCHC B', receives: true },
    ]);
  });

  it('copies nothing with contacts: none', () => {
    const plan = apply(withContacts(), { ...MERGE, name: 'Xã Mới', kind: 'xa', contacts: 'none' });
    expect(plan.moved).toEqual([]);
    expect(plan.effects.some((e) => e.type === 'contact')).toBe(false);
  });
});

describe('split, dissolve, found, rename', () => {
  it('splits A into B and C: A ends, both inherit, both get copies of its contacts', () => {
    const b = book(unit('A1', { contacts: [contact('focal_point', 'Đầu mối A')] }), unit('B1'), unit('C1'));
    const plan = apply(b, { op: 'split', date: '2026-01-01', from: 'A1', into: 'B1,C1' });
    expect(
      plan.effects.filter((e) => e.type === 'succession').map((e) => e.type === 'succession' && e.to),
    ).toEqual(['B1', 'C1']);
    expect(plan.moved.map((m) => [m.to, m.receives])).toEqual([
      ['B1', true],
      ['C1', true],
    ]);
    expect(
      planChange(b, change({ op: 'split', date: '2026-01-01', from: 'A1', into: ['C1', 'B1'] })).status,
    ).toBe('unchanged');
  });

  it.each([
    ['into itself', { op: 'split', date: '2026-01-01', from: 'A1', into: ['A1', 'B1'] }, 'into', /chính nó/],
    [
      'into a unit not founded',
      { op: 'split', date: '2026-01-01', from: 'A1', into: ['B1', 'X9'] },
      'into',
      /không có đơn vị mã X9: lập đơn vị kế thừa trước/,
    ],
    [
      'an unknown unit',
      { op: 'split', date: '2026-01-01', from: 'Z9', into: ['B1', 'C1'] },
      'from',
      /không có đơn vị mã Z9/,
    ],
    [
      'a date before validFrom',
      { op: 'split', date: '2025-01-01', from: 'A1', into: ['B1', 'C1'] },
      'date',
      /chỉ có hiệu lực từ/,
    ],
  ])('refuses a split %s', (_label, input, field, message) => {
    expect(refusal(book(unit('A1'), unit('B1'), unit('C1')), input)).toMatchObject({
      field,
      message: expect.stringMatching(message),
    });
  });

  it('dissolves a unit once; again is unchanged; before its start is refused', () => {
    const b = book(unit('A1'));
    expect(apply(b, { op: 'dissolve', date: '2026-01-01', code: 'A1' }).effects).toEqual([
      { type: 'end', code: 'A1', validTo: '2025-12-31' },
    ]);
    expect(planChange(b, change({ op: 'dissolve', date: '2026-01-01', code: 'A1' })).status).toBe(
      'unchanged',
    );
    expect(refusal(book(unit('A1')), { op: 'dissolve', date: '2024-01-01', code: 'A1' }).field).toBe('date');
  });

  it('founds a unit once; the same again is unchanged; another with its code is refused', () => {
    const b = book(unit('UBND'));
    const found = {
      op: 'found',
      date: '2026-01-01',
      code: 'X_MOI',
      name: 'Xã Mới',
      kind: 'xa',
      parent: 'UBND',
    };
    expect(apply(b, found).effects).toHaveLength(1);
    expect(planChange(b, change(found)).status).toBe('unchanged');
    expect(refusal(b, { ...found, name: 'Xã Khác' })).toMatchObject({ field: 'code', kind: 'conflict' });
    expect(refusal(b, { ...found, code: 'X_HAI', parent: 'NOPE' })).toMatchObject({
      field: 'parent',
      kind: 'not-found',
    });
  });

  it('renames from a date, keeps the old name before it, and is unchanged the second time', () => {
    const b = book(unit('A1'));
    const rename = { op: 'rename', date: '2026-03-01', code: 'A1', name: 'Xã Tên Mới' };
    apply(b, rename);
    expect(b.units.get('A1')!.names).toEqual([
      { name: 'Xã A1', validFrom: null },
      { name: 'Xã Tên Mới', validFrom: '2026-03-01' },
    ]);
    expect(planChange(b, change(rename)).status).toBe('unchanged');
    expect(refusal(b, { ...rename, date: '2020-01-01' })).toMatchObject({
      field: 'date',
      message: /trước ngày A1 bắt đầu hiệu lực/,
    });
    apply(b, { op: 'dissolve', date: '2026-06-01', code: 'A1' });
    expect(refusal(b, { ...rename, date: '2026-07-01', name: 'Xã Muộn' })).toMatchObject({
      field: 'date',
      message: /đã kết thúc ngày 31\/05\/2026/,
    });
  });

  it('a rename on the first day corrects the first name', () => {
    const b = book(unit('A1'));
    expect(apply(b, { op: 'rename', date: '2025-07-01', code: 'A1', name: 'Xã Đúng Tên' }).effects).toEqual([
      { type: 'name', code: 'A1', name: 'Xã Đúng Tên', validFrom: null },
    ]);
  });
});

describe('the change schema', () => {
  it.each([
    [{ op: 'merge', from: ['A1'], into: 'C1' }, 'date', 'thiếu ngày hiệu lực (YYYY-MM-DD)'],
    [{ op: 'merge', date: '2026-02-30', from: ['A1'], into: 'C1' }, 'date', 'ngày không tồn tại trong lịch'],
    [{ op: 'merge', date: '2026-01-01', from: ['A1', 'A1'], into: 'C1' }, 'from', 'một mã có hai lần'],
    [{ op: 'merge', date: '2026-01-01', from: [], into: 'C1' }, 'from', 'cần ít nhất 1 đơn vị được sáp nhập'],
    [{ op: 'split', date: '2026-01-01', from: 'A1', into: ['B1'] }, 'into', 'cần ít nhất 2 đơn vị kế thừa'],
    [
      { op: 'merge', date: '2026-01-01', from: ['A1'], into: 'C1', contacts: 'move' },
      'contacts',
      expect.stringContaining('copy'),
    ],
    [
      { op: 'found', date: '2026-01-01', code: 'x-1', name: 'Xã A', kind: 'xa' },
      'code',
      expect.stringContaining('mã đơn vị'),
    ],
    [
      { op: 'found', date: '2026-01-01', code: 'X_A', name: 'Xã A', kind: 'ward' },
      'kind',
      expect.stringContaining('loại phải là'),
    ],
    [{ op: 'explode', date: '2026-01-01' }, 'op', expect.stringContaining('op phải là một trong')],
  ])('refuses %j naming %s', (input, field, message) => {
    const result = unitChangeSchema.safeParse(input);
    expect(result.success).toBe(false);
    const issue = result.error!.issues[0]!;
    expect([issue.path[0] ?? 'op', issue.message]).toEqual([field, message]);
  });
});
