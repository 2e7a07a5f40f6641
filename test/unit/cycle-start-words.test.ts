import { decodeScheduleSpec, encodeScheduleSpec } from '@temporalio/client/lib/schedule-helpers';
import { TypedSearchAttributes } from '@temporalio/common';
import { loadRegime } from '../../config/regimes';
import { computeCycleDates, createWorkingCalendar } from '../../domain/calendar';
import { regimeForWorkflow } from '../../domain/regime';
import { DRILL } from '../../domain/reporting';
import {
  cycleStartMetadata,
  launcherMetadata,
  lifetimeAfter,
  LIFETIME_MARGIN_MS,
  planCycle,
} from '../../domain/templates/cycle-words';
import { desiredSchedules, scheduleDifferences } from '../../client/services/schedules';

// What the Web UI shows of a cycle from its start, the same words for `cycle start`, `drill start`,
// `cycle reopen --yes` and the schedule's launcher; and the lifetime every cycle is started with.
//
// Q1 2027 under the CCHC regime's default policy, by hand (as in test/workflow/reporting-edge):
// data from 15/12/2026 to Sun 14/3/2027; units due Tue 16/3 (end of day); consolidation one working
// day before the province's deadline (Sat 20/3 → Mon 22/3): Fri 19/3 16:00; final close 31/1/2028
// falls in Tết, so Tue 1/2/2028 17:00.

const CCHC = loadRegime('CCHC');
const KSTTHC = loadRegime('KSTTHC');
const calendar = createWorkingCalendar();
const Q1 = { regime: 'CCHC', year: 2027, period: 'Q1' };
const dates = computeCycleDates(2027, 'Q1', CCHC.policy, calendar);
const DAY = 24 * 60 * 60_000;
const lines = (details: string) => details.split('  \n');

describe("a cycle's start in the Web UI", () => {
  it('a real cycle: its summary, then regime, period and window, deadline, milestones, commands', () => {
    const plan = planCycle(dates, CCHC.policy);
    expect(plan).toEqual({
      windowStart: '2026-12-15',
      cutoff: '2027-03-14',
      deadline: { dueDate: '2027-03-16', dueAt: Date.parse('2027-03-17T00:00:00+07:00') - 1, drill: false },
      consolidationAt: Date.parse('2027-03-19T16:00:00+07:00'),
      finalCloseAt: Date.parse('2028-02-01T17:00:00+07:00'),
    });
    const m = cycleStartMetadata(Q1, CCHC, plan);
    expect(m.staticSummary).toBe('Báo cáo công tác cải cách hành chính: Quý I năm 2027 — hạn 16/03/2027');
    expect(lines(m.staticDetails)).toEqual([
      '**Chế độ báo cáo:** Báo cáo công tác cải cách hành chính (CCHC), nộp cho Sở Nội vụ',
      '**Kỳ:** Quý I năm 2027 (CCHC-2027-Q1) · **số liệu:** từ 15/12/2026 đến 14/03/2027',
      '**Hạn các đơn vị nộp:** hết ngày 16/03/2027',
      '**Tổng hợp gửi UBND tỉnh:** 19/03/2027 16:00, sau đó vẫn nhận báo cáo trễ',
      '**Kết thúc kỳ (chốt sổ):** 01/02/2028 17:00: hồ sơ cố định, không nhận thêm báo cáo',
      '**Thao tác:** `cchc cycle status | remind | close --regime CCHC --year 2027 --period Q1` (close: tổng hợp ngay; `--final`: kết thúc kỳ); từng đơn vị: `cchc cycle submit | extend | exempt … --agency <mã>`; kỳ bị lỗi, bị dừng: `cchc cycle reopen … --yes`',
    ]);
  });

  it('a drill: marked, its deadline to the minute, its milestones by its steps, its own commands', () => {
    const plan = planCycle(dates, CCHC.policy, { dueAt: '2027-03-01T10:00:00+07:00', timings: DRILL });
    // Consolidation D + 5 s + 3 × 30 s (two escalation levels), the final close 3 steps later.
    expect(plan.consolidationAt).toBe(Date.parse('2027-03-01T10:01:35+07:00'));
    expect(plan.finalCloseAt).toBe(Date.parse('2027-03-01T10:03:05+07:00'));
    const m = cycleStartMetadata({ ...Q1, drill: 2 }, CCHC, plan);
    expect(m.staticSummary).toBe(
      '[DIỄN TẬP số 2] Báo cáo công tác cải cách hành chính: Quý I năm 2027 — hạn 01/03/2027 10:00',
    );
    expect(lines(m.staticDetails).slice(1)).toEqual([
      '**Kỳ:** Quý I năm 2027 (CCHC-2027-Q1-DT2) — diễn tập, không phải kỳ thật · **số liệu:** từ 15/12/2026 đến 14/03/2027',
      '**Hạn các đơn vị nộp:** 01/03/2027 10:00',
      '**Tổng hợp gửi UBND tỉnh:** 01/03/2027 10:01, sau đó vẫn nhận báo cáo trễ',
      '**Kết thúc kỳ (chốt sổ):** 01/03/2027 10:03: hồ sơ cố định, không nhận thêm báo cáo',
      '**Thao tác:** `cchc drill status | cancel | purge --regime CCHC --year 2027 --period Q1 --drill 2`; `cchc cycle remind | close --regime CCHC --year 2027 --period Q1 --drill 2` (`--final`: kết thúc kỳ)',
    ]);
  });

  it('names the period as a report does: the half year, the year', () => {
    const of = (period: string) =>
      cycleStartMetadata(
        { ...Q1, period },
        CCHC,
        planCycle(computeCycleDates(2027, period, CCHC.policy, calendar), CCHC.policy),
      );
    expect(of('H1').staticSummary).toMatch(
      /^Báo cáo công tác cải cách hành chính: 6 tháng đầu năm 2027 — hạn /,
    );
    expect(of('YEAR').staticSummary).toMatch(/^Báo cáo công tác cải cách hành chính: năm 2027 — hạn /);
    expect(lines(of('YEAR').staticDetails)[1]).toMatch(/^\*\*Kỳ:\*\* năm 2027 \(CCHC-2027-YEAR\) · /);
  });

  it('a re-opened cycle says when, and what happens to the reports it had', () => {
    const m = cycleStartMetadata(Q1, CCHC, planCycle(dates, CCHC.policy), {
      reopenedAt: Date.parse('2027-03-10T09:15:00+07:00'),
    });
    expect(lines(m.staticDetails).at(-2)).toBe(
      '**Mở lại:** 10/03/2027 09:15: báo cáo đang chạy giữ nguyên hạn, báo cáo đã kết thúc giữ kết quả, đơn vị chưa có báo cáo được mở mới',
    );
  });

  it('names the collector of each regime, and carries no address or phone number', () => {
    const k = cycleStartMetadata(
      { regime: 'KSTTHC', year: 2027, period: 'Q1' },
      KSTTHC,
      planCycle(computeCycleDates(2027, 'Q1', KSTTHC.policy, calendar), KSTTHC.policy),
    );
    expect(k.staticDetails).toContain('(KSTTHC), nộp cho Văn phòng UBND tỉnh');
    // The CCHC regime has a submission mailbox: it stays out, with or without regimeForWorkflow.
    expect(CCHC.submission.address).toContain('@');
    for (const regime of [CCHC, regimeForWorkflow(CCHC), KSTTHC]) {
      const m = cycleStartMetadata(Q1, regime, planCycle(dates, regime.policy));
      const launcher = launcherMetadata(Q1, regime, planCycle(dates, regime.policy), dates.opensAt);
      for (const text of [m.staticSummary, m.staticDetails, launcher.staticSummary, launcher.staticDetails])
        expect(text).not.toMatch(/@|\b0\d{9}\b|\+84/);
    }
  });

  it('lives until the final close plus 30 days, at least 30 days when re-opened after it', () => {
    expect(LIFETIME_MARGIN_MS).toBe(30 * DAY);
    const opens = Date.parse('2027-03-01T08:00:00+07:00');
    const finalClose = Date.parse('2028-02-01T17:00:00+07:00');
    expect(lifetimeAfter(finalClose, opens)).toBe(finalClose - opens + 30 * DAY);
    expect(lifetimeAfter(finalClose, finalClose + DAY)).toBe(30 * DAY + 1);
  });
});

describe("the schedule's launcher", () => {
  const [q1, h1] = desiredSchedules(2027, CCHC, calendar, 'cchc-test');

  it("carries the cycle's plan, and its own summary and details", () => {
    const action = q1!.options.action;
    expect(action.args).toEqual([
      { ref: Q1, regime: regimeForWorkflow(CCHC), plan: planCycle(dates, CCHC.policy) },
    ]);
    expect(action.staticSummary).toBe(
      'Mở kỳ theo lịch: Báo cáo công tác cải cách hành chính: Quý I năm 2027 — hạn 16/03/2027',
    );
    const details = lines(action.staticDetails!);
    expect(details[0]).toBe(
      '**Mở kỳ lúc:** 01/03/2027 08:00; quy trình này chỉ mở kỳ (cycle-CCHC-2027-Q1) rồi kết thúc; kỳ đã mở thì không mở lại',
    );
    expect(details.slice(1).join('  \n')).toBe(
      cycleStartMetadata(Q1, CCHC, planCycle(dates, CCHC.policy)).staticDetails,
    );
  });

  it('an applied schedule whose summary or details differ is updated', () => {
    const { spec, action, policies, typedSearchAttributes } = q1!.options;
    const described = (metadata: { staticSummary?: string; staticDetails?: string }) => ({
      spec: decodeScheduleSpec(encodeScheduleSpec(spec)),
      action: {
        type: 'startWorkflow' as const,
        workflowType: 'openCycle',
        workflowId: action.workflowId!,
        taskQueue: action.taskQueue,
        args: JSON.parse(JSON.stringify(action.args)) as unknown[],
        ...metadata,
      },
      policies: {
        overlap: policies.overlap!,
        catchupWindow: policies.catchupWindow as number,
        pauseOnFailure: policies.pauseOnFailure!,
      },
      typedSearchAttributes: new TypedSearchAttributes(typedSearchAttributes),
    });
    const same = { staticSummary: action.staticSummary, staticDetails: action.staticDetails };
    expect(scheduleDifferences(described(same), q1!)).toEqual([]);
    // Applied before the launcher had a summary, or with other words: the action is updated.
    expect(scheduleDifferences(described({}), q1!)).toEqual(['action']);
    expect(scheduleDifferences(described({ ...same, staticDetails: 'khác' }), q1!)).toEqual(['action']);
    expect(scheduleDifferences(described(same), h1!)).toEqual(['spec', 'action', 'searchAttributes']);
  });
});
