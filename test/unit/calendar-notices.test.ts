import { buildProgram } from '../../client/cli';
import { ServiceContext } from '../../client/services/context';
import { createWorkingCalendar } from '../../domain/calendar';

// Every day of 2022–2026 against the official notices. The table below is written from the notices
// themselves (and Bộ luật Lao động 2019, Điều 112, for the days the notices leave to the law), not
// from the data files: the weekdays that are days off, and the weekend days that are worked. Every
// other weekday is a working day and every other Saturday and Sunday is not. The expectation for
// isWorkingDay, nextWorkingDay and addWorkingDays is computed from this table alone, with plain
// Date arithmetic, and compared with the calendar built from the shipped files; `cchc calendar
// check` and `cchc calendar add-working-days` are run in-process on every day where the answer
// differs from a plain Monday–Friday week, and the days around it.

type Cite = string;
const LAW: Cite = 'Bộ luật Lao động 2019, Điều 112';

interface YearTable {
  /** Weekdays (Mon–Fri) that are days off, each with the text it comes from. */
  off: [string, Cite][];
  /** Saturdays or Sundays that are working days (làm bù), each with its notice. */
  worked: [string, Cite][];
}

const NOTICES: Record<number, YearTable> = {
  // Công văn 245/VPCP-KGVX of 11/1/2022: Tết 31/1–4/2, Quốc khánh 1/9–2/9; the rest by the law.
  2022: {
    off: [
      ['2022-01-03', `${LAW} (1/1 a Saturday: nghỉ bù)`],
      ['2022-01-31', '245/VPCP-KGVX'],
      ['2022-02-01', '245/VPCP-KGVX'],
      ['2022-02-02', '245/VPCP-KGVX'],
      ['2022-02-03', '245/VPCP-KGVX'],
      ['2022-02-04', '245/VPCP-KGVX'],
      ['2022-04-11', `${LAW} (Giỗ Tổ 10/4 a Sunday: nghỉ bù)`],
      ['2022-05-02', `${LAW} (30/4 a Saturday: nghỉ bù)`],
      ['2022-05-03', `${LAW} (1/5 a Sunday: nghỉ bù)`],
      ['2022-09-01', '245/VPCP-KGVX'],
      ['2022-09-02', '245/VPCP-KGVX'],
    ],
    worked: [],
  },
  // Công văn 8056/VPCP-KGVX of 1/12/2022: Tết 20/1–26/1, Quốc khánh 1/9–4/9; the rest by the law.
  2023: {
    off: [
      ['2023-01-02', `${LAW} (1/1 a Sunday: nghỉ bù)`],
      ['2023-01-20', '8056/VPCP-KGVX'],
      ['2023-01-23', '8056/VPCP-KGVX'],
      ['2023-01-24', '8056/VPCP-KGVX'],
      ['2023-01-25', '8056/VPCP-KGVX'],
      ['2023-01-26', '8056/VPCP-KGVX'],
      ['2023-05-01', LAW],
      ['2023-05-02', `${LAW} (Giỗ Tổ 29/4 a Saturday: nghỉ bù)`],
      ['2023-05-03', `${LAW} (30/4 a Sunday: nghỉ bù)`],
      ['2023-09-01', '8056/VPCP-KGVX'],
      ['2023-09-04', '8056/VPCP-KGVX'],
    ],
    worked: [],
  },
  // Công văn 8662/VPCP-KGVX of 3/11/2023: Tết 8/2–14/2, Quốc khánh 31/8–3/9. Công văn
  // 2450/VPCP-KGVX of 12/4/2024: Monday 29/4 off, worked on Saturday 4/5.
  2024: {
    off: [
      ['2024-01-01', LAW],
      ['2024-02-08', '8662/VPCP-KGVX'],
      ['2024-02-09', '8662/VPCP-KGVX'],
      ['2024-02-12', '8662/VPCP-KGVX'],
      ['2024-02-13', '8662/VPCP-KGVX'],
      ['2024-02-14', '8662/VPCP-KGVX'],
      ['2024-04-18', LAW],
      ['2024-04-29', '2450/VPCP-KGVX'],
      ['2024-04-30', LAW],
      ['2024-05-01', LAW],
      ['2024-09-02', '8662/VPCP-KGVX'],
      ['2024-09-03', '8662/VPCP-KGVX'],
    ],
    worked: [['2024-05-04', '2450/VPCP-KGVX']],
  },
  // Công văn 8726/VPCP-KGVX of 26/11/2024 (Thông báo 6150/TB-LĐTBXH): Tết 25/1–2/2, Friday 2/5 off
  // and Saturday 26/4 worked, Quốc khánh 30/8–2/9.
  2025: {
    off: [
      ['2025-01-01', LAW],
      ['2025-01-27', '8726/VPCP-KGVX'],
      ['2025-01-28', '8726/VPCP-KGVX'],
      ['2025-01-29', '8726/VPCP-KGVX'],
      ['2025-01-30', '8726/VPCP-KGVX'],
      ['2025-01-31', '8726/VPCP-KGVX'],
      ['2025-04-07', LAW],
      ['2025-04-30', LAW],
      ['2025-05-01', LAW],
      ['2025-05-02', '8726/VPCP-KGVX'],
      ['2025-09-01', '8726/VPCP-KGVX'],
      ['2025-09-02', '8726/VPCP-KGVX'],
    ],
    worked: [['2025-04-26', '8726/VPCP-KGVX']],
  },
  // Công văn 12729/VPCP-KGVX of 25/12/2025: 1/1–4/1, Friday 2/1 off and Saturday 10/1 worked.
  // Thông báo 9441/TB-BNV of 16/10/2025: Tết 14/2–22/2; Quốc khánh 1/9–2/9 with Monday 31/8 off and
  // Saturday 22/8 worked. Giỗ Tổ (Sunday 26/4 → Monday 27/4) and 30/4–1/5 by the law.
  2026: {
    off: [
      ['2026-01-01', '12729/VPCP-KGVX'],
      ['2026-01-02', '12729/VPCP-KGVX'],
      ['2026-02-16', '9441/TB-BNV'],
      ['2026-02-17', '9441/TB-BNV'],
      ['2026-02-18', '9441/TB-BNV'],
      ['2026-02-19', '9441/TB-BNV'],
      ['2026-02-20', '9441/TB-BNV'],
      ['2026-04-27', `${LAW} (Giỗ Tổ 26/4 a Sunday: nghỉ bù)`],
      ['2026-04-30', LAW],
      ['2026-05-01', LAW],
      ['2026-08-31', '9441/TB-BNV'],
      ['2026-09-01', '9441/TB-BNV'],
      ['2026-09-02', '9441/TB-BNV'],
    ],
    worked: [
      ['2026-01-10', '12729/VPCP-KGVX'],
      ['2026-08-22', '9441/TB-BNV'],
    ],
  },
};
// Around the years tested: no day off from 1/12/2021 to 31/12/2021 (Tết Dương lịch 2022 is a
// Saturday); 1/1/2027 (Friday) is Tết Dương lịch by the law, and nothing else until Tết in February.
const EDGE_OFF = ['2027-01-01'];
const FROM = '2021-12-01';
const TO = '2027-01-31';

const DAY_MS = 86_400_000;
const toMs = (d: string) => Date.parse(`${d}T00:00:00Z`);
const fromMs = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const weekendUtc = (d: string) => [0, 6].includes(new Date(toMs(d)).getUTCDay());

const off = new Set([...Object.values(NOTICES).flatMap((y) => y.off.map(([d]) => d)), ...EDGE_OFF]);
const worked = new Set(Object.values(NOTICES).flatMap((y) => y.worked.map(([d]) => d)));
const expectedWorking = (d: string) => worked.has(d) || (!weekendUtc(d) && !off.has(d));

const allDays: string[] = [];
for (let ms = toMs(FROM); ms <= toMs(TO); ms += DAY_MS) allDays.push(fromMs(ms));
const workingDays = allDays.filter(expectedWorking);
const testedDays = allDays.filter((d) => d >= '2022-01-01' && d <= '2026-12-31');

// upTo.get(d): how many listed working days fall on or before d (so also the index in
// `workingDays` of the first working day strictly after d).
const upTo = new Map<string, number>();
allDays.reduce((count, d) => {
  const next = count + (expectedWorking(d) ? 1 : 0);
  upTo.set(d, next);
  return next;
}, 0);

/** Index in `workingDays` of the first working day strictly after `d`. */
function firstAfter(d: string): number {
  const i = upTo.get(d)!;
  if (i >= workingDays.length) throw new Error(`no working day after ${d} in the table`);
  return i;
}

/** The expected addWorkingDays(d, n), from the table only. */
function expectedAdd(d: string, n: number): string {
  if (n === 0) return expectedWorking(d) ? d : workingDays[firstAfter(d)]!;
  if (n > 0) return workingDays[firstAfter(d) + n - 1]!;
  const lastBefore = upTo.get(d)! - (expectedWorking(d) ? 1 : 0) - 1;
  return workingDays[lastBefore + n + 1]!;
}

const OFFSETS = [-10, -2, -1, 0, 1, 2, 10];

describe('the table itself', () => {
  it('lists weekdays as days off and weekend days as worked, each once, inside its year', () => {
    for (const [year, t] of Object.entries(NOTICES)) {
      for (const [d, cite] of t.off)
        expect([d, weekendUtc(d), d.slice(0, 4), cite.length > 0]).toEqual([d, false, year, true]);
      for (const [d] of t.worked) expect([d, weekendUtc(d), d.slice(0, 4)]).toEqual([d, true, year]);
    }
    const listed = Object.values(NOTICES).flatMap((t) => [...t.off, ...t.worked].map(([d]) => d));
    expect(new Set(listed).size).toBe(listed.length);
  });

  it('gives 2024 its 251 working days (262 weekdays, 12 of them off, and Saturday 4/5 worked)', () => {
    expect(workingDays.filter((d) => d.startsWith('2024')).length).toBe(251);
  });
});

describe('the calendar from the shipped files, every day of 2022–2026', () => {
  const cal = createWorkingCalendar();

  it('says whether each day is a working day', () => {
    const wrong = testedDays.filter((d) => cal.isWorkingDay(d) !== expectedWorking(d));
    expect(wrong).toEqual([]);
    expect(cal.warnings).toEqual([]); // every year 2022–2026 is confirmed
  });

  it('gives the next working day of each day', () => {
    const wrong = testedDays.filter((d) => cal.nextWorkingDay(d) !== workingDays[firstAfter(d)]);
    expect(wrong).toEqual([]);
  });

  it.each(OFFSETS)('adds %i working days to each day', (n) => {
    const wrong = testedDays
      .map((d) => [d, cal.addWorkingDays(d, n), expectedAdd(d, n)])
      .filter(([, got, want]) => got !== want);
    expect(wrong).toEqual([]);
  });

  it('names the notice-backed days off as the notices do', () => {
    expect(cal.dayInfo('2026-08-31').reason).toBe('Nghỉ hoán đổi ngày làm việc (làm bù Thứ Bảy 22/8/2026)');
    expect(cal.dayInfo('2026-09-02').reason).toBe('Quốc khánh');
    expect(cal.dayInfo('2026-08-22')).toEqual({
      date: '2026-08-22',
      isWorkingDay: true,
      reason: null,
      note: 'Làm bù cho Thứ Hai 31/8/2026',
    });
  });
});

describe('cchc calendar check and add-working-days (in-process), around every notice-backed day', () => {
  // The days where the answer differs from a plain Monday–Friday week, and one day either side.
  const special = [...off, ...worked].filter((d) => d >= '2022-01-01' && d <= '2026-12-31');
  const days = [
    ...new Set(special.flatMap((d) => [-1, 0, 1].map((k) => fromMs(toMs(d) + k * DAY_MS)))),
  ].sort();

  async function cchc(...args: string[]): Promise<unknown> {
    // The shipped data, whatever database this machine has: the notices are checked against it.
    const ctx = new ServiceContext({ ...process.env, CCHC_DEV_ENV: 'off', CCHC_CALENDAR_SOURCE: 'shipped' });
    const out: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out.push(String(chunk));
      return true;
    });
    try {
      await (await buildProgram(ctx)).parseAsync(['node', 'cchc', 'calendar', ...args, '--json']);
    } finally {
      spy.mockRestore();
      await ctx.close();
    }
    return JSON.parse(out.join(''));
  }

  it('answers check for each of them', async () => {
    const wrong: unknown[] = [];
    for (const d of days) {
      const r = (await cchc('check', '--date', d)) as { isWorkingDay: boolean; nextWorkingDay: string };
      const want = { isWorkingDay: expectedWorking(d), nextWorkingDay: workingDays[firstAfter(d)] };
      if (r.isWorkingDay !== want.isWorkingDay || r.nextWorkingDay !== want.nextWorkingDay)
        wrong.push([d, r, want]);
    }
    expect(days.length).toBeGreaterThan(100);
    expect(wrong).toEqual([]);
  });

  it('answers add-working-days for each of them, forward and back', async () => {
    const wrong: unknown[] = [];
    for (const d of days)
      for (const n of [-2, 0, 3]) {
        const r = (await cchc('add-working-days', '--date', d, '--days', String(n))) as { result: string };
        if (r.result !== expectedAdd(d, n)) wrong.push([d, n, r.result, expectedAdd(d, n)]);
      }
    expect(wrong).toEqual([]);
  });
});
