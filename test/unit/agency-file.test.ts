import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readAgencyFile } from '../../client/files/agency-file';

const fixture = (name: string) => path.resolve(__dirname, '..', 'fixtures', name);
const seed = (name: string) => path.resolve(__dirname, '..', '..', 'prisma', 'seed', name);

describe('agency files', () => {
  it("reads today's province: UBND tỉnh, 12 agencies and the Ban Quản lý Khu kinh tế, 102 xã/phường", () => {
    const { rows, operations, errors } = readAgencyFile(seed('agencies-2025.yaml'));
    expect([errors, operations]).toEqual([[], []]);
    const byKind = (k: string) => rows.filter((r) => r.agency.kind === k).map((r) => r.agency);
    expect(byKind('province').map((a) => [a.code, a.reporting, a.officialCode])).toEqual([
      ['UBND_TINH', false, '82'],
    ]);
    expect(byKind('department').map((a) => a.code)).toEqual([
      ...['VPUBND', 'SNV', 'STC', 'STP', 'SXD', 'SCT', 'SNNMT', 'SKHCN', 'SVHTTDL', 'SGDDT', 'SYT', 'TTT'],
      'BQLKKT',
    ]);
    expect([byKind('phuong').length, byKind('xa').length]).toEqual([20, 82]);
    const communes = [...byKind('phuong'), ...byKind('xa')];
    expect(communes.every((a) => /^\d{5}$/.test(a.officialCode ?? ''))).toBe(true);
    expect(new Set(communes.map((a) => a.officialCode)).size).toBe(102);
    // Effective 1/7/2025; the Ban Quản lý Khu kinh tế from its own decision (17/7/2025).
    expect(new Set(rows.filter((r) => r.agency.code !== 'BQLKKT').map((r) => r.agency.validFrom))).toEqual(
      new Set(['2025-07-01']),
    );
    expect(rows.find((r) => r.agency.code === 'BQLKKT')!.agency.validFrom).toBe('2025-07-17');
    expect(rows.every((r) => r.agency.code === 'UBND_TINH' || r.agency.parent === 'UBND_TINH')).toBe(true);
    const snvRoles = rows.find((r) => r.agency.code === 'SNV')!.agency.contacts!.map((c) => c.role);
    expect(snvRoles).toEqual(['focal_point', 'head', 'snv_desk', 'snv_director']);
    // Contacts are fictitious: reserved .example domain, placeholder numbers.
    const contacts = rows.flatMap((r) => r.agency.contacts ?? []);
    expect(contacts.every((c) => c.email?.endsWith('@dongthap.example'))).toBe(true);
    expect(contacts.every((c) => c.phone === undefined || c.phone.startsWith('0900'))).toBe(true);
    expect(communes.every((a) => a.contacts?.some((c) => c.role === 'focal_point' && c.active))).toBe(true);
  });

  it("reads the 2022 set: in force until 30/6/2025, codes apart from today's, the SNV posts retired", () => {
    const { rows, errors } = readAgencyFile(seed('agencies-2022.yaml'));
    expect(errors).toEqual([]);
    expect(rows).toHaveLength(32);
    expect(rows.filter((r) => r.agency.kind === 'district')).toHaveLength(12);
    expect(rows.every((r) => r.agency.code.endsWith('_DT'))).toBe(true);
    const ends = new Set(rows.filter((r) => r.agency.code !== 'BQLKKT_DT').map((r) => r.agency.validTo));
    expect(ends).toEqual(new Set(['2025-06-30']));
    const snv = rows.find((r) => r.agency.code === 'SNV_DT')!.agency.contacts!;
    expect(snv.filter((c) => c.active).map((c) => c.role)).toEqual(['focal_point', 'head']);
  });

  it('reads the changes of 1/7/2025: every code in them is a seeded unit', () => {
    const { operations, errors } = readAgencyFile(seed('changes-2025.yaml'));
    expect(errors).toEqual([]);
    const known = new Set(
      ['agencies-2025.yaml', 'agencies-2022.yaml'].flatMap((f) =>
        readAgencyFile(seed(f)).rows.map((r) => r.agency.code),
      ),
    );
    const named = operations.flatMap(({ change: c }) =>
      c.op === 'merge' ? [...c.from, c.into] : c.op === 'dissolve' ? [c.code] : [],
    );
    expect(named.filter((code) => !known.has(code))).toEqual([]);
    expect(operations.filter((o) => o.change.op === 'merge')).toHaveLength(14);
    expect(operations.filter((o) => o.change.op === 'dissolve')).toHaveLength(12);
  });

  it('reports every bad operation with its line and field', () => {
    const { operations, errors } = readAgencyFile(fixture('unit-changes-bad.yaml'));
    expect(operations.map((o) => o.line)).toEqual([3]);
    expect(errors.map((e) => `${e.line}:${e.field}: ${e.message}`)).toEqual([
      '4:date: thiếu ngày hiệu lực (YYYY-MM-DD)',
      '5:into: cần ít nhất 2 đơn vị kế thừa',
      '6:color: ' + errors.find((e) => e.line === 6)!.message,
      '7:op: op phải là một trong: found, rename, merge, split, dissolve',
    ]);
  });

  it('refuses one contact listed twice in a unit', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-agency-file-'));
    const file = path.join(dir, 'twice.yaml');
    fs.writeFileSync(
      file,
      [
        'agencies:',
        '  - code: STP',
        '    name: Sở Tư pháp',
        '    kind: department',
        '    contacts:',
        '      - { role: focal_point, name: Cán bộ A, email: a@dongthap.example }',
        '      - { role: focal_point, name: Cán bộ A, email: b@dongthap.example }',
      ].join('\n'),
    );
    expect(readAgencyFile(file).errors).toEqual([
      { line: 2, field: 'contacts[1].name', message: 'trùng vai trò và họ tên với contacts[0]' },
    ]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('checks the file itself before parsing: kind, a folder, empty, not UTF-8', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-agency-file-'));
    const write = (name: string, content: string | Buffer) => {
      fs.writeFileSync(path.join(dir, name), content);
      return path.join(dir, name);
    };
    fs.mkdirSync(path.join(dir, 'folder.yaml'));
    expect(() => readAgencyFile(write('units.xlsx', 'x'))).toThrow(/^chỉ nhận tệp \.yaml, \.yml hoặc \.csv$/);
    expect(() => readAgencyFile(path.join(dir, 'folder.yaml'))).toThrow(/^không phải tệp/);
    expect(() => readAgencyFile(write('blank.yaml', '\n  \n'))).toThrow(/^tệp rỗng$/);
    expect(() =>
      readAgencyFile(write('latin1.csv', Buffer.from('code,name\nSTP,S\xf4\n', 'latin1'))),
    ).toThrow(/^không phải văn bản UTF-8/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses an empty file and unknown top-level keys', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-agency-file-'));
    const write = (name: string, text: string) => {
      fs.writeFileSync(path.join(dir, name), text);
      return path.join(dir, name);
    };
    expect(() => readAgencyFile(write('empty.csv', 'code,name,kind\n'))).toThrow(
      'tệp không có đơn vị hay thay đổi nào',
    );
    expect(() => readAgencyFile(write('empty.yaml', 'agencies: []\n'))).toThrow(
      'tệp không có đơn vị hay thay đổi nào',
    );
    expect(() => readAgencyFile(write('extra.yaml', 'agencies: []\nunits: []\n'))).toThrow(
      'khóa không biết: units',
    );
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reports every bad YAML row with its line and field', () => {
    const { rows, errors } = readAgencyFile(fixture('agencies-bad.yaml'));
    const found = errors.map((e) => `${e.line}:${e.field}`);
    expect(found).toEqual(['5:code', '8:kind', '8:contacts[0].email', '17:contacts[0].phone']);
    // The orphan's parent is checked against the database by the import, not here.
    expect(rows.map((r) => r.agency.code)).toEqual(['STP', 'H_ORPHAN']);
  });

  it('reads CSV with contact columns and normalises phone numbers', () => {
    const { rows, errors } = readAgencyFile(fixture('agencies-good.csv'));
    expect(errors).toEqual([]);
    expect(rows[0]!.agency).toMatchObject({
      code: 'X_DEPT',
      name: 'Sở Thử nghiệm, Đổi mới',
      kind: 'department',
      contacts: [
        { role: 'focal_point', email: 'daumoi.x@dongthap.example', phone: '0912345678' },
        { role: 'head', email: 'giamdoc.x@dongthap.example' },
      ],
    });
    expect(rows[1]!.agency).toMatchObject({
      code: 'X_COMMUNE',
      parent: 'X_DEPT',
      contacts: [{ phone: '0987654321' }],
    });
    expect(rows.map((r) => r.line)).toEqual([2, 3]);
  });

  it('reports bad CSV rows with their line numbers', () => {
    const { errors } = readAgencyFile(fixture('agencies-bad.csv'));
    expect(errors.map((e) => `${e.line}:${e.field}`)).toEqual(['3:kind', '4:active']);
  });

  it('refuses a file that is neither YAML nor CSV', () => {
    expect(() => readAgencyFile(__filename)).toThrow(/\.yaml, \.yml hoặc \.csv/);
  });
});
