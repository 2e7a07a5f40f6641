import { runCliInProcess } from '../support/cli';

// Which calendar `cchc calendar check` answers with when the published versions cannot be read:
// the shipped data, said once on stderr; with CCHC_CALENDAR_SOURCE=shipped it never tries.
const unreachable = 'postgresql://nobody:nothing@127.0.0.1:1/none';

describe('cchc calendar check without a reachable database', () => {
  it('answers from the shipped data and warns once that the published versions were not read', async () => {
    const r = await runCliInProcess(['calendar', 'check', '--date', '2026-08-31'], {
      DATABASE_URL: unreachable,
      CCHC_CALENDAR_SOURCE: undefined,
    });
    expect(r.code).toBe(0);
    // Thông báo 9441/TB-BNV: Monday 31/8/2026 is swapped with Saturday 22/8.
    expect(r.stdout).toBe(
      'Thứ Hai 31/08/2026: ngày nghỉ — Nghỉ hoán đổi ngày làm việc (làm bù Thứ Bảy 22/8/2026).\n' +
        'Ngày làm việc kế tiếp: Thứ Năm 03/09/2026.\n',
    );
    expect(r.stderr).toBe(
      'Cảnh báo: dùng lịch nghỉ kèm phần mềm vì không đọc được các bản đã công bố ở ' +
        'postgresql://nobody:***@127.0.0.1:1/none: connect ECONNREFUSED 127.0.0.1:1\n',
    );
  });

  it('does not try the database when told to use the shipped data', async () => {
    const r = await runCliInProcess(['calendar', 'check', '--date', '2026-08-31', '--json'], {
      DATABASE_URL: unreachable,
      CCHC_CALENDAR_SOURCE: 'shipped',
    });
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(r.stdout)).toMatchObject({ isWorkingDay: false, nextWorkingDay: '2026-09-03' });
  });

  it('refuses a CCHC_CALENDAR_SOURCE it does not know, naming it', async () => {
    const r = await runCliInProcess(['calendar', 'check', '--date', '2026-08-31'], {
      DATABASE_URL: unreachable,
      CCHC_CALENDAR_SOURCE: 'bundle',
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^Lỗi: .*CCHC_CALENDAR_SOURCE: cần một trong: published, shipped \(nhận "bundle"\)\n$/,
    );
  });
});
