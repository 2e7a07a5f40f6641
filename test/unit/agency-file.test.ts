import path from 'node:path';
import { readAgencyFile } from '../../client/files/agency-file';

const fixture = (name: string) => path.resolve(__dirname, '..', 'fixtures', name);
const seedFile = path.resolve(__dirname, '..', '..', 'prisma', 'seed', 'agencies.yaml');

describe('agency files', () => {
  it("reads the seed file: Đồng Tháp's 12 district-level units, the departments and UBND tỉnh", () => {
    const { rows, errors } = readAgencyFile(seedFile);
    expect(errors).toEqual([]);
    const byKind = (k: string) => rows.filter((r) => r.agency.kind === k).map((r) => r.agency.code);
    expect(byKind('district')).toHaveLength(12);
    expect(byKind('department')).toEqual(
      expect.arrayContaining(['SNV', 'STP', 'SYT', 'SGDDT', 'VPUBND', 'TTT']),
    );
    expect(byKind('province')).toEqual(['UBND_TINH']);
    expect(rows.find((r) => r.agency.code === 'UBND_TINH')!.agency.reporting).toBe(false);
    const snvRoles = rows.find((r) => r.agency.code === 'SNV')!.agency.contacts!.map((c) => c.role);
    expect(snvRoles).toEqual(expect.arrayContaining(['snv_desk', 'snv_director', 'focal_point', 'head']));
    // Contacts are fictitious: reserved .example domain only.
    const emails = rows.flatMap((r) => r.agency.contacts ?? []).flatMap((c) => (c.email ? [c.email] : []));
    expect(emails.every((e) => e.endsWith('.example'))).toBe(true);
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
