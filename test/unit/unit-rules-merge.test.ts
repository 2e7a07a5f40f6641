import { planChange } from '../../domain/unit-rules';
import { apply, book, change, contact, refusal, unit } from './unit-rules.fixtures';

// Merges (A, B → C on a date): what they write, what they refuse, how contacts pass on.

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
