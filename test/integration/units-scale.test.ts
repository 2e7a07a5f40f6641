import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { IMPORT_BATCH_SIZE } from '../../client/services/agency-store';
import { unitsInForce } from '../../client/services/units';
import { runCliInProcess } from '../support/cli';
import { freshDatabase } from '../support/db';

// The nationwide shape: 3,321 commune-level units (2,621 xã, 687 phường, 13 đặc khu) with two
// contacts each, imported, imported again, listed on a date. The import runs in bounded batches
// (each its own transaction), the list is complete, and the times are printed for the record.

const COUNTS = { xa: 2621, phuong: 687, dac_khu: 13 } as const;
const WORD = { xa: 'Xã', phuong: 'Phường', dac_khu: 'Đặc khu' } as const;
const PREFIX = { xa: 'X', phuong: 'P', dac_khu: 'DK' } as const;

function nationwideFile(dir: string): string {
  const lines = [
    'agencies:',
    '  - { code: UBND_TINH, name: Ủy ban nhân dân tỉnh Thử, kind: province, reporting: false, validFrom: 2025-07-01 }',
  ];
  let n = 0;
  for (const kind of Object.keys(COUNTS) as (keyof typeof COUNTS)[]) {
    for (let i = 1; i <= COUNTS[kind]; i++) {
      n++;
      const code = `${PREFIX[kind]}_THU${String(i).padStart(4, '0')}`;
      const mail = code.toLowerCase().replace(/_/g, '-');
      const phone = `09001${String(n).padStart(5, '0')}`;
      lines.push(
        `  - code: ${code}`,
        `    officialCode: '${String(40000 + n)}'`,
        `    name: ${WORD[kind]} Thử Nghiệm ${i}`,
        `    kind: ${kind}`,
        '    parent: UBND_TINH',
        '    validFrom: 2025-07-01',
        '    contacts:',
        `      - { role: focal_point, name: Đầu mối ${code} (giả định), email: daumoi.${mail}@thu.example, phone: '${phone}' }`,
        `      - { role: head, name: Chủ tịch ${code} (giả định), email: chutich.${mail}@thu.example }`,
      );
    }
  }
  const file = path.join(dir, 'nationwide.yaml');
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('3,321 commune-level units (real PostgreSQL)', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-units-scale-'));
  const cli = (...args: string[]) => runCliInProcess(args, { DATABASE_URL: database.url });
  const timed = async <T>(label: string, action: () => Promise<T>) => {
    const start = performance.now();
    const result = await action();
    process.stdout.write(`[units-scale] ${label}: ${Math.round(performance.now() - start)} ms\n`);
    return result;
  };

  beforeAll(async () => {
    database = await freshDatabase();
  });
  afterAll(async () => {
    await database?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('imports them in bounded batches, each its own transaction, and again changes nothing', async () => {
    const file = nationwideFile(dir);
    const first = await timed('import 3,322 units', () => cli('agencies', 'import', file, '--json'));
    expect([first.code, first.stderr]).toEqual([0, '']);
    expect(JSON.parse(first.stdout)).toEqual({
      created: 3322,
      updated: 0,
      unchanged: 0,
      contacts: 6642,
      changes: [],
    });
    // xmin is the transaction that wrote a row last: one per batch, none holding the whole file.
    const written = await database.db.$queryRaw<{ transactions: bigint }[]>`
      SELECT count(DISTINCT xmin::text) AS transactions FROM "Agency"`;
    expect(Number(written[0]!.transactions)).toBe(Math.ceil(3322 / IMPORT_BATCH_SIZE));
    const parents = await database.db.agency.count({ where: { parent: { code: 'UBND_TINH' } } });
    expect(parents).toBe(3321);

    const second = await timed('import again (unchanged)', () => cli('agencies', 'import', file, '--json'));
    expect(JSON.parse(second.stdout)).toMatchObject({ created: 0, updated: 0, unchanged: 3322 });
  });

  it('lists them all on a date, with the total by kind, as a table and as JSON', async () => {
    const table = await timed('agencies list (table)', () => cli('agencies', 'list', '--on', '2026-01-01'));
    expect(table.code).toBe(0);
    const lines = table.stdout.trim().split('\n');
    expect(lines).toHaveLength(2 + 3322 + 1);
    expect(lines.at(-1)).toBe(
      'Tổng: 3322 đơn vị có hiệu lực ngày 01/01/2026 (tỉnh 1, xã 2621, phường 687, đặc khu 13); 3321 đơn vị báo cáo.',
    );
    const json = await timed('agencies list --json', () =>
      cli('agencies', 'list', '--on', '2026-01-01', '--json'),
    );
    expect(JSON.parse(json.stdout)).toHaveLength(3322);
    const before = await cli('agencies', 'list', '--on', '2025-06-30');
    expect(before.stdout.trim().split('\n').at(-1)).toBe(
      'Tổng: 0 đơn vị có hiệu lực ngày 30/06/2025 (không có); 0 đơn vị báo cáo.',
    );
  });

  it('answers the workflows query (units of a kind in force on a date) from one statement', async () => {
    const communes = await timed('unitsInForce(xa, phuong, dac_khu)', () =>
      unitsInForce(database.db, '2027-03-14', { kinds: ['xa', 'phuong', 'dac_khu'], reporting: true }),
    );
    expect(communes).toHaveLength(3321);
    expect(communes[0]).toMatchObject({ code: 'X_THU0001', name: 'Xã Thử Nghiệm 1', officialCode: '40001' });
    // What PostgreSQL does with the in-force condition at this size.
    const plan = await database.db.$queryRawUnsafe<{ 'QUERY PLAN': string }[]>(
      `EXPLAIN ANALYZE SELECT "code" FROM "Agency" WHERE "active" AND ("validFrom" IS NULL OR "validFrom" <= '2027-03-14')
       AND ("validTo" IS NULL OR "validTo" >= '2027-03-14') AND "kind" IN ('XA', 'PHUONG', 'DAC_KHU')`,
    );
    process.stdout.write(`[units-scale] plan:\n${plan.map((r) => `  ${r['QUERY PLAN']}`).join('\n')}\n`);
    const execution = Number(/Execution Time: ([\d.]+) ms/.exec(plan.at(-1)!['QUERY PLAN'])?.[1]);
    expect(execution).toBeLessThan(500);
  });
});
