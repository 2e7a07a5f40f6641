import { unitChangeSchema } from '../../domain/unit-changes';
import { planChange } from '../../domain/unit-rules';
import { apply, book, change, contact, refusal, unit } from './unit-rules.fixtures';

// The rules of unit changes on an in-memory book (splits, dissolutions, foundings, renames) and
// the schema every change is parsed with; merges in unit-rules-merge.test.ts.

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
