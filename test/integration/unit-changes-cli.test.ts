import path from 'node:path';
import { successorChain, unitNamesOn, unitsInForce } from '../../client/services/units';
import { seed } from '../../prisma/seed';
import { runCliInProcess } from '../support/cli';
import { freshDatabase } from '../support/db';

// Changes of units through the CLI and import files, on real PostgreSQL seeded with today's
// province: what an official sees, what the database holds, and that a refused change changes nothing.

const fixture = (name: string) => path.resolve(__dirname, '..', 'fixtures', name);

describe('cchc agencies found / rename / merge / split / dissolve (real PostgreSQL)', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  const cli = (...args: string[]) => runCliInProcess(args, { DATABASE_URL: database.url });

  /** Everything a unit change may write. */
  const snapshot = async () => {
    const db = database.db;
    const [agencies, names, contacts, changes, successions] = await Promise.all([
      db.agency.findMany({ orderBy: { id: 'asc' } }),
      db.agencyName.findMany({ orderBy: { id: 'asc' } }),
      db.contact.findMany({ orderBy: { id: 'asc' } }),
      db.unitChange.findMany({ orderBy: { id: 'asc' } }),
      db.agencySuccession.findMany({ orderBy: { id: 'asc' } }),
    ]);
    return { agencies, names, contacts, changes, successions };
  };

  beforeAll(async () => {
    database = await freshDatabase();
    expect(await seed(database.db)).toBe(
      'seed: 148 agencies (148 new, 0 updated, 0 unchanged), 298 contacts, 26 unit changes (26 new)',
    );
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('merges two communes into a new one, with a clear list of the contacts that moved; twice changes nothing', async () => {
    const args = ['agencies', 'merge', 'X_ANHOA', 'x_anhuu', '--into', 'X_ANHOAHUU', '--date', '2026-01-01'];
    const founding = [
      '--name',
      'Xã An Hòa Hữu',
      '--kind',
      'xa',
      '--official-code',
      '30019',
      '--parent',
      'UBND_TINH',
    ];
    const run = await cli(...args, ...founding, '--lead', 'X_ANHUU');
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(run.stdout.trim().split('\n')).toEqual([
      'Sáp nhập X_ANHOA, X_ANHUU vào X_ANHOAHUU từ ngày 01/01/2026: đã ghi nhận.',
      '  Đơn vị mới: X_ANHOAHUU.',
      '  X_ANHOA hết hiệu lực sau ngày 31/12/2025.',
      '  X_ANHUU hết hiệu lực sau ngày 31/12/2025.',
      '  Người liên hệ chuyển sang:',
      '    X_ANHUU → X_ANHOAHUU  đầu mối: Đầu mối CCHC Xã An Hữu (giả định) (nhận tin)',
      '    X_ANHUU → X_ANHOAHUU  thủ trưởng: Chủ tịch UBND Xã An Hữu (giả định) (nhận tin)',
      '    X_ANHOA → X_ANHOAHUU  đầu mối: Đầu mối CCHC Xã An Hòa (giả định) (không nhận tin: giữ đầu mối của X_ANHUU)',
      '    X_ANHOA → X_ANHOAHUU  thủ trưởng: Chủ tịch UBND Xã An Hòa (giả định) (không nhận tin: giữ thủ trưởng của X_ANHUU)',
    ]);
    const merged = await database.db.agency.findUniqueOrThrow({
      where: { code: 'X_ANHOAHUU' },
      include: { contacts: { orderBy: { id: 'asc' } }, predecessors: { include: { predecessor: true } } },
    });
    expect(merged).toMatchObject({
      officialCode: '30019',
      kind: 'XA',
      validFrom: new Date('2026-01-01T00:00:00Z'),
    });
    expect(merged.predecessors.map((p) => p.predecessor.code).sort()).toEqual(['X_ANHOA', 'X_ANHUU']);
    expect(merged.contacts.map((c) => [c.role, c.active, c.copiedFromId !== null])).toEqual([
      ['FOCAL_POINT', true, true],
      ['HEAD', true, true],
      ['FOCAL_POINT', false, true],
      ['HEAD', false, true],
    ]);
    const old = await database.db.agency.findUniqueOrThrow({
      where: { code: 'X_ANHOA' },
      include: { contacts: true },
    });
    expect(old.validTo).toEqual(new Date('2025-12-31T00:00:00Z'));
    expect(old.contacts.every((c) => c.active)).toBe(true); // the old unit's record stays as it was

    const before = await snapshot();
    const again = await cli(...args, ...founding);
    expect([again.code, again.stdout.trim()]).toEqual([
      0,
      'Sáp nhập X_ANHOA, X_ANHUU vào X_ANHOAHUU từ ngày 01/01/2026: đã ghi nhận trước đó, không thay đổi gì.',
    ]);
    expect(await snapshot()).toEqual(before);

    const dec = (await unitsInForce(database.db, '2025-12-31')).map((u) => u.code);
    const jan = (await unitsInForce(database.db, '2026-01-01')).map((u) => u.code);
    expect([
      dec.includes('X_ANHOA'),
      dec.includes('X_ANHOAHUU'),
      jan.includes('X_ANHOA'),
      jan.includes('X_ANHOAHUU'),
    ]).toEqual([true, false, false, true]);
    expect(jan).toHaveLength(115);
  });

  it.each([
    [
      'an unknown code',
      ['merge', 'NOPE', '--into', 'STP', '--date', '2026-01-01'],
      'Lỗi: <mã...>: không có đơn vị mã NOPE',
    ],
    [
      'a merge into itself',
      ['merge', 'STP', '--into', 'STP', '--date', '2026-01-01'],
      'Lỗi: --into: không thể sáp nhập STP vào chính nó',
    ],
    [
      'a date before the unit began',
      ['merge', 'STP', '--into', 'SYT', '--date', '2020-01-01'],
      'Lỗi: --date: STP chỉ có hiệu lực từ 01/07/2025: ngày thay đổi phải sau ngày đó',
    ],
    [
      'a unit merged twice',
      ['merge', 'X_ANHOA', '--into', 'X_BASAO', '--date', '2026-02-01'],
      'Lỗi: <mã...>: X_ANHOA đã kết thúc ngày 31/12/2025 (sáp nhập vào X_ANHOAHUU): không thay đổi lần nữa',
    ],
    [
      'a unit of the 2022 set merged again',
      ['merge', 'SNV_DT', '--into', 'STP', '--date', '2025-07-01'],
      'Lỗi: <mã...>: SNV_DT đã kết thúc ngày 30/06/2025 (sáp nhập vào SNV): không thay đổi lần nữa',
    ],
    ['no date', ['merge', 'STP', '--into', 'SYT'], 'Lỗi: --date: thiếu ngày hiệu lực (YYYY-MM-DD)'],
    [
      'an impossible date',
      ['dissolve', 'STP', '--date', '2026-02-30'],
      'Lỗi: --date: ngày không tồn tại trong lịch',
    ],
    [
      'a new unit without a name',
      ['merge', 'STP', '--into', 'STP_MOI', '--date', '2026-01-01'],
      'Lỗi: --into: chưa có đơn vị STP_MOI: cần tên (name) và loại (kind) để lập mới từ ngày 01/01/2026',
    ],
    [
      'a bad contacts mode',
      ['merge', 'STP', '--into', 'SYT', '--date', '2026-01-01', '--contacts', 'all'],
      /^Lỗi: --contacts: phải là copy/,
    ],
    [
      'a split into a unit not founded',
      ['split', 'X_BINHPHU', '--into', 'X_BINHPHU_A', '--into', 'X_BINHPHU_B', '--date', '2026-01-01'],
      'Lỗi: --into: không có đơn vị mã X_BINHPHU_A: lập đơn vị kế thừa trước (found) từ ngày 01/01/2026',
    ],
    [
      'a code already taken',
      ['found', 'STP', '--name', 'Sở Khác', '--kind', 'department', '--date', '2026-01-01'],
      /^Lỗi: <mã>: đã có đơn vị mã STP/,
    ],
    [
      'an unknown kind',
      ['found', 'X_MOI', '--name', 'Xã Mới', '--kind', 'ward', '--date', '2026-01-01'],
      /^Lỗi: --kind: loại phải là một trong/,
    ],
    [
      'a rename after the end',
      ['rename', 'H_LAPVO_DT', '--name', 'Huyện Lấp Vò Mới', '--date', '2026-01-01'],
      /^Lỗi: --date: H_LAPVO_DT đã kết thúc ngày 30\/06\/2025/,
    ],
    [
      'a dissolve of an unknown unit',
      ['dissolve', 'NOPE', '--date', '2026-01-01'],
      'Lỗi: <mã>: không có đơn vị mã NOPE',
    ],
  ])(
    'refuses %s with one Vietnamese line naming the field, and changes nothing',
    async (_label, args, expected) => {
      const before = await snapshot();
      const run = await cli('agencies', ...args);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      const lines = run.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      if (typeof expected === 'string') expect(lines[0]).toBe(expected);
      else expect(lines[0]).toMatch(expected);
      expect(await snapshot()).toEqual(before);
    },
  );

  it('founds, splits and renames; a 2025 date still reads the old name', async () => {
    for (const [code, name] of [
      ['X_BINHPHU_A', 'Xã Bình Phú A'],
      ['X_BINHPHU_B', 'Xã Bình Phú B'],
    ]) {
      const found = await cli(
        'agencies',
        'found',
        code!,
        '--name',
        name!,
        '--kind',
        'xa',
        '--date',
        '2026-01-01',
        '--parent',
        'UBND_TINH',
      );
      expect(found.stdout.trim()).toBe(`Thành lập ${code} (${name}, xã) từ ngày 01/01/2026: đã ghi nhận.`);
    }
    const split = await cli(
      'agencies',
      'split',
      'X_BINHPHU',
      '--into',
      'X_BINHPHU_A,X_BINHPHU_B',
      '--date',
      '2026-01-01',
    );
    expect([split.code, split.stderr]).toEqual([0, '']);
    expect(split.stdout).toContain(
      '    X_BINHPHU → X_BINHPHU_B  đầu mối: Đầu mối CCHC Xã Bình Phú (giả định) (nhận tin)',
    );
    expect((await successorChain(database.db, 'X_BINHPHU', '2026-06-01')).holders).toEqual([
      'X_BINHPHU_A',
      'X_BINHPHU_B',
    ]);

    const rename = await cli(
      'agencies',
      'rename',
      'STP',
      '--name',
      'Sở Tư pháp tỉnh Đồng Tháp',
      '--date',
      '2026-03-01',
    );
    expect(rename.stdout.trim()).toBe(
      'Đổi tên STP thành "Sở Tư pháp tỉnh Đồng Tháp" từ ngày 01/03/2026: đã ghi nhận.',
    );
    const names = await unitNamesOn(database.db, ['STP', 'X_ANHOA'], '2025-12-31');
    expect(Object.fromEntries(names)).toEqual({ STP: 'Sở Tư pháp', X_ANHOA: 'Xã An Hòa' });
    expect((await unitNamesOn(database.db, ['STP'], '2026-03-01')).get('STP')).toBe(
      'Sở Tư pháp tỉnh Đồng Tháp',
    );
    const list = await cli('agencies', 'list', '--on', '2025-12-31');
    expect(list.stdout).toMatch(/^STP\s+Sở Tư pháp\s+sở\/ngành/m);
    expect((await cli('agencies', 'list', '--on', '2026-03-01')).stdout).toMatch(
      /^STP\s+Sở Tư pháp tỉnh Đồng Tháp\s+/m,
    );
    const history = await cli('agencies', 'history', 'STP');
    expect(history.stdout).toContain('  Tên từ 01/03/2026: Sở Tư pháp tỉnh Đồng Tháp');
  });

  it('records the operations of an import file; a file with a bad operation imports nothing', async () => {
    const good = await cli('agencies', 'import', fixture('unit-changes-good.yaml'));
    expect([good.code, good.stderr]).toEqual([0, '']);
    expect(good.stdout).toContain('4 thay đổi đơn vị: 4 ghi nhận mới, 0 đã có từ trước.');
    expect(good.stdout).toContain(
      'Sáp nhập X_THUNGHIEM, X_TANPHU vào X_HOPNHAT từ ngày 01/01/2026: đã ghi nhận.',
    );
    expect((await unitNamesOn(database.db, ['X_HOPNHAT'], '2026-07-01')).get('X_HOPNHAT')).toBe(
      'Xã Hợp Nhất Mới',
    );
    const again = await cli('agencies', 'import', fixture('unit-changes-good.yaml'));
    expect(again.stdout).toContain('4 thay đổi đơn vị: 0 ghi nhận mới, 4 đã có từ trước.');

    const before = await snapshot();
    const bad = await cli('agencies', 'import', fixture('unit-changes-bad.yaml'));
    expect(bad.code).toBe(1);
    const file = fixture('unit-changes-bad.yaml');
    expect(bad.stderr.trim().split('\n')).toEqual([
      `${file}:3: from: X_ANHOA đã kết thúc ngày 31/12/2025 (sáp nhập vào X_ANHOAHUU): không thay đổi lần nữa`,
      `${file}:4: date: thiếu ngày hiệu lực (YYYY-MM-DD)`,
      `${file}:5: into: cần ít nhất 2 đơn vị kế thừa`,
      expect.stringMatching(new RegExp(`^${file}:6: color: `)),
      `${file}:7: op: op phải là một trong: found, rename, merge, split, dissolve`,
      `Lỗi: 5 lỗi trong ${file}; không nhập dòng nào`,
    ]);
    expect(await snapshot()).toEqual(before);
  });
});
