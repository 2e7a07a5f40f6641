import path from 'node:path';
import { runCli } from '../support/cli';
import { freshDatabase } from '../support/db';

const fixture = (name: string) => path.resolve(__dirname, '..', 'fixtures', name);
const seed = (name: string) => path.resolve(__dirname, '..', '..', 'prisma', 'seed', name);

describe('cchc agencies import / list (real PostgreSQL, through the CLI)', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  const cli = (...args: string[]) => runCli(args, { DATABASE_URL: database.url });

  beforeAll(async () => {
    database = await freshDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('imports the seed files, and importing them again changes nothing', async () => {
    const first = await cli('agencies', 'import', seed('agencies-2025.yaml'));
    expect([first.code, first.stderr]).toEqual([0, '']);
    expect(first.stdout).toMatch(/Đã nhập 116 đơn vị: 116 mới, 0 cập nhật, 0 không đổi; 233 người liên hệ/);
    const old = await cli('agencies', 'import', seed('agencies-2022.yaml'));
    expect(old.stdout).toMatch(/Đã nhập 32 đơn vị: 32 mới/);
    const changes = await cli('agencies', 'import', seed('changes-2025.yaml'));
    expect([changes.code, changes.stderr]).toEqual([0, '']);
    expect(changes.stdout).toContain('26 thay đổi đơn vị: 26 ghi nhận mới, 0 đã có từ trước.');
    expect(changes.stdout).toContain('Sáp nhập SNV_DT, SLDTBXH_DT vào SNV từ ngày 01/07/2025: đã ghi nhận.');
    expect(changes.stdout).toContain('  Người liên hệ: không chép (contacts: none).');
    const before = await database.db.contact.findMany({ orderBy: { id: 'asc' } });

    const second = await cli('agencies', 'import', seed('agencies-2025.yaml'), '--json');
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toEqual({
      created: 0,
      updated: 0,
      unchanged: 116,
      contacts: 233,
      changes: [],
    });
    const again = await cli('agencies', 'import', seed('changes-2025.yaml'));
    expect(again.stdout).toContain('26 thay đổi đơn vị: 0 ghi nhận mới, 26 đã có từ trước.');
    const after = await database.db.contact.findMany({ orderBy: { id: 'asc' } });
    expect(after.map((c) => [c.id, c.email, c.active])).toEqual(before.map((c) => [c.id, c.email, c.active]));
    expect(await database.db.unitChange.count()).toBe(26);
  });

  it('lists the units in force today: 12 + 1 + 102 and the province, with totals by kind', async () => {
    const table = await cli('agencies', 'list');
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^P_MYTHO\s+28261\s+Phường Mỹ Tho\s+phường\s+có\s+01\/07\/2025$/m);
    expect(table.stdout).toMatch(
      /^UBND_TINH\s+82\s+Ủy ban nhân dân tỉnh Đồng Tháp\s+tỉnh\s+không\s+01\/07\/2025$/m,
    );
    expect(table.stdout).toMatch(
      /^Tổng: 116 đơn vị có hiệu lực ngày \d\d\/\d\d\/\d{4} \(tỉnh 1, sở\/ngành 13, xã 82, phường 20\); 115 đơn vị báo cáo\.$/m,
    );
    expect(table.stdout).not.toContain('_DT');

    const json = await cli('agencies', 'list', '--json');
    const agencies = JSON.parse(json.stdout) as {
      code: string;
      kind: string;
      parent: string | null;
      contacts: { role: string }[];
    }[];
    expect(agencies).toHaveLength(116);
    expect(agencies.find((a) => a.code === 'STP')).toMatchObject({ parent: 'UBND_TINH', kind: 'department' });
    expect(agencies.find((a) => a.code === 'SNV')!.contacts.map((c) => c.role)).toEqual(
      expect.arrayContaining(['snv_desk', 'snv_director']),
    );
  });

  it('lists the 2022 set on 30/6/2025, and on 5/7/2025 the old Ban Quản lý still in force', async () => {
    const june = await cli('agencies', 'list', '--on', '2025-06-30');
    expect(june.code).toBe(0);
    expect(june.stdout).toMatch(/^H_LAPVO_DT\s+Huyện Lấp Vò\s+huyện \(cũ\)\s+có\s+30\/06\/2025$/m);
    expect(june.stdout).toContain(
      'Tổng: 32 đơn vị có hiệu lực ngày 30/06/2025 (tỉnh 1, sở/ngành 19, huyện (cũ) 12); 31 đơn vị báo cáo.',
    );
    const july = JSON.parse((await cli('agencies', 'list', '--on', '2025-07-05', '--json')).stdout) as {
      code: string;
    }[];
    expect(july.map((a) => a.code)).toContain('BQLKKT_DT');
    expect(july.map((a) => a.code)).not.toContain('BQLKKT');
    const bad = await cli('agencies', 'list', '--on', '30/06/2025');
    expect([bad.code, bad.stderr.trim()]).toEqual([
      1,
      'Lỗi: --on: ngày phải có dạng YYYY-MM-DD (vd. 2022-03-16) (nhận "30/06/2025")',
    ]);
  });

  it("tells each old unit's successor", async () => {
    const run = await cli('agencies', 'history', 'SLDTBXH_DT');
    expect(run.stdout.split('\n')).toEqual(
      expect.arrayContaining([
        '  Hiệu lực: từ trước khi có dữ liệu đến hết 30/06/2025',
        '  Kế thừa: SNV (sáp nhập ngày 01/07/2025)',
      ]),
    );
    const snv = await cli('agencies', 'history', 'snv');
    expect(snv.stdout).toContain('  Tiền thân: SLDTBXH_DT (sáp nhập ngày 01/07/2025)');
    expect(snv.stdout).toContain('  Tiền thân: SNV_DT (sáp nhập ngày 01/07/2025)');
  });

  it('prints every bad row with its line and field, and imports nothing', async () => {
    const before = await database.db.agency.findMany({ orderBy: { id: 'asc' } });
    const run = await cli('agencies', 'import', fixture('agencies-bad.yaml'));
    expect(run.code).toBe(1);
    const file = fixture('agencies-bad.yaml');
    const lines = run.stderr.trim().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(new RegExp(`^${file}:5: code: `)),
      expect.stringMatching(new RegExp(`^${file}:8: kind: `)),
      expect.stringMatching(new RegExp(`^${file}:8: contacts\\[0\\]\\.email: `)),
      expect.stringMatching(new RegExp(`^${file}:13: parent: không có đơn vị mã NO_SUCH`)),
      expect.stringMatching(new RegExp(`^${file}:17: contacts\\[0\\]\\.phone: `)),
      'Lỗi: 5 lỗi trong ' + file + '; không nhập dòng nào',
    ]);
    // STP's new name on line 2 was valid, but the file had bad rows: nothing changed.
    const after = await database.db.agency.findMany({ orderBy: { id: 'asc' } });
    expect(after).toEqual(before);
  });

  it('imports CSV with a parent defined in the same file, and updates a renamed agency', async () => {
    const run = await cli('agencies', 'import', fixture('agencies-good.csv'));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const commune = await database.db.agency.findUniqueOrThrow({
      where: { code: 'X_COMMUNE' },
      include: { parent: true, contacts: true },
    });
    expect(commune.parent?.code).toBe('X_DEPT');
    expect(commune.kind).toBe('COMMUNE');
    expect(commune.contacts).toMatchObject([{ role: 'FOCAL_POINT', phone: '0987654321', email: null }]);
  });

  it('fails with one line for a missing file or a wrong extension', async () => {
    const missing = await cli('agencies', 'import', '/no/such/file.yaml');
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe('Lỗi: không có tệp /no/such/file.yaml');
    const wrong = await cli('agencies', 'import', __filename);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('says clearly when the database cannot be reached', async () => {
    const run = await runCli(['agencies', 'list'], {
      DATABASE_URL: 'postgresql://postgres:postgres@127.0.0.1:1/cchc',
    });
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toMatch(
      /^Lỗi: không kết nối được cơ sở dữ liệu postgresql:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/cchc/,
    );
  });
});
