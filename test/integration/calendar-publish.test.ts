import { stringify } from 'yaml';
import { createCalendarActivities } from '../../activities/calendar';
import { ServiceContext } from '../../client/services/context';
import { snapshotInForce } from '../../client/services/calendar';
import { previewCalendarPublish, publishCalendarVersion } from '../../client/services/calendar-publish';
import { runCliInProcess } from '../support/cli';
import {
  calendarFile2031,
  PLAN,
  startCalendarWorld,
  YEAR,
  type CalendarWorld,
} from '../support/calendar-world';

// An official publishes 2031's calendar with one more day off (Wed 12/3/2031) on real PostgreSQL and
// the Temporal dev server. Bad files are refused with the field named, and change nothing: no row,
// no signal. The good one is shown (days, the steps of running workflows that move), stored with who
// and when, and told to the affected running workflows only.

let world: CalendarWorld;
let env: Record<string, string | undefined>;
const cli = (...args: string[]) => runCliInProcess(['calendar', ...args], env);
const Q1 = `cycle-CCHC-${YEAR}-Q1`;
const STP = `inspection-${YEAR}-${PLAN}-STP`;
const STT = `inspection-${YEAR}-${PLAN}-STT`;
const newDay = { from: '2031-03-12', name: 'Ngày nghỉ thêm' };

beforeAll(async () => {
  world = await startCalendarWorld();
  env = { DATABASE_URL: world.url, CCHC_CALENDAR_SOURCE: undefined, CCHC_DEBUG: undefined };
});
afterAll(async () => {
  await world?.close();
});

/** No version stored, no workflow told. */
async function nothingChanged(): Promise<void> {
  expect(await world.db.calendarVersion.count()).toBe(0);
  for (const id of world.running) expect(await world.received(id)).toEqual([]);
}

describe('cchc calendar publish refuses a bad file and changes nothing', () => {
  const yaml = (data: unknown) => stringify(data);
  const cases: [string, () => string, RegExp][] = [
    [
      'an unknown date',
      () =>
        world.writeFile(
          'unknown-date.yaml',
          yaml(calendarFile2031([{ from: '2031-02-30', name: 'Ngày sai' }])),
        ),
      /^Lỗi: \S+unknown-date\.yaml:\d+: daysOff\[\d+\]\.from: ngày không tồn tại trong lịch \(không công bố gì\)\n$/,
    ],
    [
      'a day both off and working',
      () => {
        const data = calendarFile2031([{ from: '2031-03-15', name: 'Nghỉ Thứ Bảy' }]);
        data.daysOff!.push({
          from: '2031-03-14',
          name: 'Nghỉ hoán đổi',
          kind: 'swap',
          workedOn: '2031-03-15',
          basis: 'proposal',
        });
        data.workingDays = [
          { date: '2031-03-15', name: 'Làm bù', replaces: '2031-03-14', basis: 'proposal' },
        ];
        return world.writeFile('both.yaml', yaml(data));
      },
      /^Lỗi: \S+both\.yaml:\d+: workingDays\[0\]\.date: ngày 15\/3\/2031 vừa là ngày nghỉ \(daysOff\[\d+\]\) vừa là ngày làm việc \(không công bố gì\)\n$/,
    ],
    [
      'a year outside the range',
      () => world.writeFile('year.json', JSON.stringify({ ...calendarFile2031(), year: 2100 })),
      /^Lỗi: \S+year\.json:\d+: year: năm phải từ 2021 đến 2099 \(không công bố gì\)\n$/,
    ],
    [
      'a weekend listed as a swapped day off',
      () => {
        const data = calendarFile2031();
        data.daysOff!.push({
          from: '2031-03-15',
          name: 'Nghỉ hoán đổi',
          kind: 'swap',
          workedOn: '2031-03-22',
          basis: 'proposal',
        });
        data.workingDays = [
          { date: '2031-03-22', name: 'Làm bù', replaces: '2031-03-15', basis: 'proposal' },
        ];
        return world.writeFile('weekend-swap.yaml', yaml(data));
      },
      /^Lỗi: \S+weekend-swap\.yaml:\d+: daysOff\[\d+\]\.from: ngày nghỉ hoán đổi phải là ngày làm việc \(Thứ Hai–Thứ Sáu\): Thứ Bảy 15\/3\/2031 vốn là ngày nghỉ hằng tuần \(không công bố gì\)\n$/,
    ],
    [
      'an oversized file',
      () => world.writeFile('big.yaml', `${yaml(calendarFile2031([newDay]))}#${'x'.repeat(300_000)}\n`),
      /^Lỗi: \S+big\.yaml: tệp lớn quá: 294 KiB, tối đa 256 KiB \(không công bố gì\)\n$/,
    ],
    [
      'a file that is not YAML',
      () => world.writeFile('broken.yaml', 'year: 2031\ndaysOff: [\n'),
      /^Lỗi: \S+broken\.yaml:\d+: YAML không hợp lệ: .* \(không công bố gì\)\n$/,
    ],
  ];

  it.each(cases)('%s', async (_what, write, error) => {
    const r = await cli('publish', write(), '--yes', '--by', 'Phòng CCHC');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(error);
    await nothingChanged();
  });

  it('without a terminal and without --yes, shows the changes and refuses to publish', async () => {
    const r = await cli('publish', world.writeFile('2031.yaml', yaml(calendarFile2031([newDay]))));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('  + ngày nghỉ Thứ Tư 12/03/2031: Ngày nghỉ thêm\n');
    expect(r.stderr).toBe(
      'Lỗi: cần xác nhận: không có terminal để hỏi, chạy lại với --yes (chưa công bố gì)\n',
    );
    await nothingChanged();
  });
});

describe('cchc calendar publish of a good file', () => {
  let file: string;

  it('shows what moves, stores version 1 with who and when, and tells the affected running workflows only', async () => {
    file = world.writeFile('2031-good.yaml', stringify(calendarFile2031([newDay])));
    const before = Date.now();
    const r = await cli('publish', file, '--yes', '--by', 'Phòng CCHC', '--note', 'Thêm ngày nghỉ 12/3');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')).toEqual([
      `Lịch nghỉ năm 2031 trong ${file}: bản 1, thay cho bản 0 (dữ liệu kèm phần mềm).`,
      'Thay đổi ngày nghỉ, ngày làm bù:',
      '  + ngày nghỉ Thứ Tư 12/03/2031: Ngày nghỉ thêm',
      '  trạng thái: đề xuất từ âm lịch → chưa xác nhận',
      '  còn chờ: chờ thông báo nghỉ Tết và Quốc khánh 2031',
      'Quy trình đang chạy có bước sắp tới bị dời: 3 trên 5:',
      `  ${Q1} (Kỳ Q1 năm 2031):`,
      // 10 working days before the cutoff Fri 14/3, 12/3 no longer counted.
      '    mở kỳ: Thứ Sáu 28/02/2031 08:00 → Thứ Năm 27/02/2031 08:00',
      '    1 báo cáo đơn vị (hạn 18/03/2031):',
      '      nhắc trước hạn 5 ngày làm việc: Thứ Ba 11/03/2031 08:00 → Thứ Hai 10/03/2031 08:00',
      '    (tính theo chính sách mặc định: kỳ không lưu chính sách)',
      `  ${STP} (Kiểm tra ${PLAN} năm 2031 – STP):`,
      '    thông báo kiểm tra: Thứ Năm 06/03/2031 08:00 → Thứ Tư 05/03/2031 08:00',
      `  ${STT} (Kiểm tra ${PLAN} năm 2031 – STT):`,
      '    thông báo kiểm tra: Thứ Sáu 07/03/2031 08:00 → Thứ Năm 06/03/2031 08:00',
      expect.stringMatching(/^Đã lưu bản 1 của lịch nghỉ năm 2031 \(người công bố: Phòng CCHC, lúc .+\)\.$/),
      `Đã báo 2 quy trình đang chạy: ${Q1}, ${STP}.`,
      `1 quy trình đã kết thúc, không cần báo: ${STT}.`,
      '',
    ]);

    const rows = await world.db.calendarVersion.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      year: 2031,
      version: 1,
      confirmed: false,
      notices: [],
      publishedBy: 'Phòng CCHC',
      comment: 'Thêm ngày nghỉ 12/3',
    });
    expect(rows[0]!.publishedAt.getTime()).toBeGreaterThanOrEqual(before - 1000);

    for (const id of [Q1, STP]) {
      const [told, ...more] = await world.receivedAtLeast(id, 1);
      expect(more).toEqual([]);
      expect(told).toMatchObject({
        from: '2030-01-01',
        to: '2032-12-31',
        years: [
          { year: 2030, version: 0, status: 'proposed' },
          { year: 2031, version: 1, status: 'proposed' },
          { year: 2032, version: 0, status: 'proposed' },
        ],
      });
      expect(told!.daysOff).toContainEqual(['2031-03-12', 'Ngày nghỉ thêm']);
    }
    // H1 and the October inspection have no step that moves.
    for (const id of world.running.filter((w) => w !== Q1 && w !== STP))
      expect(await world.received(id)).toEqual([]);
  });

  it('answers calendar check and versions with the version in force', async () => {
    const check = await cli('check', '--date', '2031-03-12', '--json');
    expect(check.stderr).toBe('Cảnh báo: Lịch nghỉ năm 2031 là đề xuất từ âm lịch, chưa được xác nhận\n');
    expect(JSON.parse(check.stdout)).toEqual({
      date: '2031-03-12',
      isWorkingDay: false,
      reason: 'Ngày nghỉ thêm',
      nextWorkingDay: '2031-03-13',
    });
    const versions = await cli('versions', '--year', '2031', '--json');
    expect(versions.code).toBe(0);
    expect(JSON.parse(versions.stdout)).toEqual([
      expect.objectContaining({ year: 2031, version: 1, inForce: true, publishedBy: 'Phòng CCHC' }),
    ]);
    const all = JSON.parse((await cli('versions', '--json')).stdout) as {
      year: number;
      version: number;
      inForce: boolean;
    }[];
    expect(all.filter((v) => v.inForce).map((v) => `${v.year}:${v.version}`)).toEqual([
      '2021:0', '2022:0', '2023:0', '2024:0', '2025:0', '2026:0', '2027:0', '2031:1',
    ]); // prettier-ignore
  });

  it('gives workflows that start now the same snapshot through the activity as the service', async () => {
    const range = { from: '2031-01-01', to: '2031-12-31' };
    const fromActivity = await createCalendarActivities({ db: world.db }).loadCalendarSnapshot(range);
    const ctx = new ServiceContext({ ...process.env, ...env, CCHC_DEV_ENV: 'off' } as NodeJS.ProcessEnv);
    try {
      expect(await snapshotInForce(ctx, range)).toEqual(fromActivity);
    } finally {
      await ctx.close();
    }
    expect(fromActivity.years).toEqual([{ year: 2031, version: 1, status: 'proposed' }]);
    expect(fromActivity.daysOff).toContainEqual(['2031-03-12', 'Ngày nghỉ thêm']);
    await expect(
      createCalendarActivities({ db: world.db }).loadCalendarSnapshot({
        from: '2031-01-01',
        to: '2040-12-31',
      }),
    ).rejects.toThrow(/tối đa 5 năm/);
  });

  it('refuses the same file again ("không có thay đổi") and a version published since the preview', async () => {
    const again = await cli('publish', file, '--yes');
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(
      `Lỗi: ${file}: lịch nghỉ năm 2031 giống hệt bản 1 đang áp dụng: không có thay đổi (không công bố gì)\n`,
    );
    const ctx = new ServiceContext({ ...process.env, ...env, CCHC_DEV_ENV: 'off' } as NodeJS.ProcessEnv);
    try {
      const next = world.writeFile(
        '2031-v2.yaml',
        stringify(calendarFile2031([newDay, { from: '2031-10-16', name: 'Ngày khác' }])),
      );
      const [first, second] = [
        await previewCalendarPublish(ctx, next),
        await previewCalendarPublish(ctx, next),
      ];
      expect(first.nextVersion).toBe(2);
      await publishCalendarVersion(ctx, first, { by: 'Người thứ nhất' });
      await expect(publishCalendarVersion(ctx, second, { by: 'Người thứ hai' })).rejects.toThrow(
        /năm 2031 vừa có bản mới hơn bản 1/,
      );
    } finally {
      await ctx.close();
    }
    expect(
      (await world.db.calendarVersion.findMany({ orderBy: { version: 'asc' } })).map((v) => v.publishedBy),
    ).toEqual(['Phòng CCHC', 'Người thứ nhất']);
    // 16/10 moves the October inspection's steps, and the overdue notices Q1 repeats for STP (still
    // owed) every 10 working days until the final close: both are told of version 2, nobody else.
    const october = world.running.find((w) => w.endsWith('-STC'))!;
    const told = await world.receivedAtLeast(october, 1);
    expect(told.map((s) => s.years.find((y) => y.year === 2031)!.version)).toEqual([2]);
    const q1 = await world.receivedAtLeast(Q1, 2);
    expect(q1.map((s) => s.years.find((y) => y.year === 2031)!.version)).toEqual([1, 2]);
    for (const id of world.running.filter((w) => w !== Q1 && w !== october && w !== STP))
      expect(await world.received(id)).toEqual([]);
  });
});
