import path from 'node:path';
import { runCli } from '../support/cli';
import { freshDatabase } from '../support/db';

const fixture = (name: string) => path.resolve(__dirname, '..', 'fixtures', name);
const seedFile = path.resolve(__dirname, '..', '..', 'prisma', 'seed', 'agencies.yaml');

describe('cchc agencies import / list (real PostgreSQL, through the CLI)', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  const cli = (...args: string[]) => runCli(args, { DATABASE_URL: database.url });

  beforeAll(async () => {
    database = await freshDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('imports the seed file, and importing it again changes nothing', async () => {
    const first = await cli('agencies', 'import', seedFile);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Đã nhập 32 đơn vị: 32 mới, 0 cập nhật, 0 không đổi/);
    const before = await database.db.contact.findMany({ orderBy: { id: 'asc' } });

    const second = await cli('agencies', 'import', seedFile, '--json');
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toEqual({ created: 0, updated: 0, unchanged: 32, contacts: 65 });
    const after = await database.db.contact.findMany({ orderBy: { id: 'asc' } });
    expect(after.map((c) => [c.id, c.email, c.active])).toEqual(before.map((c) => [c.id, c.email, c.active]));
  });

  it('lists the agencies as a table and as JSON', async () => {
    const table = await cli('agencies', 'list');
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^H_LAPVO\s+Huyện Lấp Vò\s+huyện\/thành phố\s+có\s+có$/m);
    expect(table.stdout).toContain('Tổng: 32 đơn vị (31 đơn vị báo cáo).');

    const json = await cli('agencies', 'list', '--json');
    const agencies = JSON.parse(json.stdout) as {
      code: string;
      kind: string;
      parent: string | null;
      contacts: { role: string }[];
    }[];
    expect(agencies).toHaveLength(32);
    expect(agencies.filter((a) => a.kind === 'district')).toHaveLength(12);
    expect(agencies.find((a) => a.code === 'STP')).toMatchObject({ parent: 'UBND_TINH', kind: 'department' });
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
    // STP's rename on line 2 was valid, but the file had bad rows: nothing changed.
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
