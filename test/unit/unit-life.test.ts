import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { communeCode, communeCodes } from '../../domain/unit-codes';
import {
  followSuccessors,
  inForceOn,
  nameOn,
  unitsInForceWhere,
  type SuccessionEdge,
} from '../../domain/unit-life';

describe('a unit in force on a date', () => {
  it.each([
    [{ validFrom: '2025-07-01', validTo: null }, '2025-06-30', false],
    [{ validFrom: '2025-07-01', validTo: null }, '2025-07-01', true],
    [{ validFrom: null, validTo: '2025-06-30' }, '2025-06-30', true],
    [{ validFrom: null, validTo: '2025-06-30' }, '2025-07-01', false],
    [{ validFrom: null, validTo: null }, '1990-01-01', true],
  ])('%j on %s: %s', (life, date, expected) => {
    expect(inForceOn(life, date)).toBe(expected);
  });

  it('is one Prisma where: active, both ends inclusive, optional kinds, codes and reporting', () => {
    expect(unitsInForceWhere('2027-03-14', { kinds: ['xa', 'phuong'], reporting: true })).toEqual({
      active: true,
      AND: [
        { OR: [{ validFrom: null }, { validFrom: { lte: new Date('2027-03-14T00:00:00Z') } }] },
        { OR: [{ validTo: null }, { validTo: { gte: new Date('2027-03-14T00:00:00Z') } }] },
      ],
      kind: { in: ['XA', 'PHUONG'] },
      reporting: true,
    });
    expect(unitsInForceWhere('2027-03-14', { codes: ['STP', 'SNV'], except: ['SNV'] })).toMatchObject({
      code: { in: ['STP', 'SNV'] },
      NOT: { code: { in: ['SNV'] } },
    });
  });
});

describe('names over time', () => {
  const names = [
    { name: 'Xã Tên Hai', validFrom: '2026-03-01' },
    { name: 'Xã Tên Một', validFrom: null },
    { name: 'Xã Tên Ba', validFrom: '2027-01-01' },
  ];
  it.each([
    ['2025-07-01', 'Xã Tên Một'],
    ['2026-02-28', 'Xã Tên Một'],
    ['2026-03-01', 'Xã Tên Hai'],
    ['2026-12-31', 'Xã Tên Hai'],
    ['2030-01-01', 'Xã Tên Ba'],
  ])('on %s it is %s', (date, name) => {
    expect(nameOn(names, date)).toBe(name);
  });

  it('before its first dated name, with no first name, the earliest one', () => {
    expect(nameOn([{ name: 'Sau', validFrom: '2026-01-01' }], '2025-01-01')).toBe('Sau');
  });
});

describe('successors', () => {
  const edges: SuccessionEdge[] = [
    { predecessor: 'A', successor: 'C', date: '2025-07-01', change: 'merge' },
    { predecessor: 'B', successor: 'C', date: '2025-07-01', change: 'merge' },
    { predecessor: 'C', successor: 'D', date: '2026-01-01', change: 'split' },
    { predecessor: 'C', successor: 'E', date: '2026-01-01', change: 'split' },
    { predecessor: 'E', successor: 'F', date: '2027-01-01', change: 'merge' },
  ];

  it('a unit nothing succeeded yet carries its own obligations', () => {
    expect(followSuccessors('A', '2025-06-30', edges)).toEqual({ reached: ['A'], steps: [] });
  });

  it('follows a merge, then a split, then a merge, in date order', () => {
    expect(followSuccessors('A', '2025-07-01', edges)).toEqual({
      reached: ['C'],
      steps: [{ date: '2025-07-01', change: 'merge', from: 'A', to: ['C'] }],
    });
    expect(followSuccessors('B', '2027-06-01', edges)).toEqual({
      reached: ['D', 'F'],
      steps: [
        { date: '2025-07-01', change: 'merge', from: 'B', to: ['C'] },
        { date: '2026-01-01', change: 'split', from: 'C', to: ['D', 'E'] },
        { date: '2027-01-01', change: 'merge', from: 'E', to: ['F'] },
      ],
    });
  });
});

describe('commune codes', () => {
  it.each([
    ['xa', 'Xã Mỹ Đức Tây', 'X_MYDUCTAY'],
    ['phuong', 'Phường Mỹ Tho', 'P_MYTHO'],
    ['phuong', 'Phường Đạo Thạnh', 'P_DAOTHANH'],
    ['dac_khu', 'Đặc khu Phú Quốc', 'DK_PHUQUOC'],
  ] as const)('%s %s → %s', (kind, name, code) => {
    expect(communeCode(kind, name)).toBe(code);
  });

  it('adds the official code where two names give one code (Tân Thành, Tân Thạnh)', () => {
    expect(
      communeCodes([
        { kind: 'xa', name: 'Xã Tân Thành', officialCode: '29938' },
        { kind: 'xa', name: 'Xã Tân Thạnh', officialCode: '30157' },
        { kind: 'xa', name: 'Xã Tân Phú', officialCode: '28468' },
      ]),
    ).toEqual(['X_TANTHANH_29938', 'X_TANTHANH_30157', 'X_TANPHU']);
  });

  it("are the seed's codes: every commune of today's province follows the scheme", () => {
    const seed = parse(
      fs.readFileSync(path.resolve(__dirname, '../../prisma/seed/agencies-2025.yaml'), 'utf8'),
    ) as { agencies: { code: string; name: string; kind: string; officialCode?: string }[] };
    const communes = seed.agencies.filter((a) => a.kind === 'xa' || a.kind === 'phuong');
    expect(communes).toHaveLength(102);
    expect(communes.map((a) => a.code)).toEqual(
      communeCodes(
        communes.map((a) => ({ kind: a.kind as 'xa', name: a.name, officialCode: a.officialCode! })),
      ),
    );
  });
});
