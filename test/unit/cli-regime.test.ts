import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCliInProcess } from '../support/cli';

// `cchc regime …` in-process: the regimes shipped in regimes/, and a file checked before use. No
// database is needed (an unreachable DATABASE_URL proves it is never tried).
const env = { DATABASE_URL: 'postgresql://nobody:nothing@127.0.0.1:1/none', CCHC_DEBUG: undefined };
const cli = (...args: string[]) => runCliInProcess(['regime', ...args], env);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-regime-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('cchc regime', () => {
  it('lists the shipped regimes with their collector and periods', async () => {
    const r = await cli('list', '--json');
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual([
      expect.objectContaining({ code: 'CCHC', collector: 'Sở Nội vụ', periods: ['Q1', 'H1', 'Q3', 'YEAR'] }),
      expect.objectContaining({
        code: 'KSTTHC',
        collector: 'Văn phòng UBND tỉnh',
        periods: ['Q1', 'Q2', 'Q3', 'Q4'],
      }),
    ]);
  });

  it('checks a good file and says what it holds', async () => {
    const r = await cli('check', path.join(__dirname, '..', '..', 'regimes', 'KSTTHC.yaml'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Tệp hợp lệ.');
    expect(r.stdout).toContain('Kỳ báo cáo: Q1 (Quý I), Q2 (Quý II), Q3 (Quý III), Q4 (Quý IV)');
  });

  it.each([
    ['not YAML', 'code: [', /YAML không hợp lệ/],
    ['a bad code and missing fields', 'code: x\n', /code: mã chế độ báo cáo: 2-12 chữ in hoa.*name: /],
    [
      'an unknown period',
      fs
        .readFileSync(path.join(__dirname, '..', '..', 'regimes', 'CCHC.yaml'), 'utf8')
        .replace('policy: {}', 'policy: { periods: { Q9: {} } }'),
      /policy\.periods\.Q9: kỳ báo cáo không xác định/,
    ],
  ])('refuses %s with one line naming the file and the field', async (_name, text, pattern) => {
    const file = path.join(dir, 'regime.yaml');
    fs.writeFileSync(file, text);
    const r = await cli('check', file);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(new RegExp(`^Lỗi: ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: `));
    expect(r.stderr).toMatch(pattern);
  });

  it('refuses a file that cannot be read', async () => {
    const r = await cli('check', path.join(dir, 'none.yaml'));
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`Lỗi: không đọc được tệp ${path.join(dir, 'none.yaml')}\n`);
  });
});
