import { createWorkingCalendar, formatVnInstant } from '../../domain/calendar';
import { formatZodIssues } from '../../domain/zod-format';
import {
  defaultInspectionPolicy,
  inspectionPolicySchema,
  sendInstant,
  visitDates,
} from '../../domain/inspection-policy';

// The dates of one visit under the default policy, worked out by hand on the 2022 calendar
// (days off: 1–3/1, 29/1–6/2 Tết, 11/4, 30/4–3/5, 1–4/9).

const calendar = createWorkingCalendar();
const policy = defaultInspectionPolicy();

describe('visit dates', () => {
  it('counts working days around a visit with no holiday near', () => {
    // Tue 22/3: notice 10 working days before (21, 18, 17, 16, 15, 14, 11, 10, 9, 8 → Tue 8/3);
    // self-report 3 before (21, 18, 17 → Thu 17/3); visit reminder Mon 21/3; result reminder
    // 3 after (23, 24, 25 → Fri 25/3); remediation 30 after, over 11/4 and 30/4–3/5 → Fri 6/5.
    expect(visitDates('2022-03-22', policy, calendar)).toEqual({
      visitDate: '2022-03-22',
      noticeDate: '2022-03-08',
      selfReportDueDate: '2022-03-17',
      visitReminderDate: '2022-03-21',
      resultReminderDate: '2022-03-25',
      defaultRemediationDueDate: '2022-05-06',
    });
  });

  it('skips the 30/4–3/5 break before a visit on Thu 5/5', () => {
    // Before: 4/5, then 29/4, 28, 27, 26, 25, 22, 21, 20, 19 → notice Tue 19/4; due 4/5, 29/4, 28/4 → Thu 28/4.
    // After: 6/5, 9–13/5, 16–20/5, 23–27/5, 30–31/5, 1–3/6, 6–10/6, 13–16/6 → 30th is Thu 16/6.
    expect(visitDates('2022-05-05', policy, calendar)).toEqual({
      visitDate: '2022-05-05',
      noticeDate: '2022-04-19',
      selfReportDueDate: '2022-04-28',
      visitReminderDate: '2022-05-04',
      resultReminderDate: '2022-05-10',
      defaultRemediationDueDate: '2022-06-16',
    });
  });

  it('skips Tết before a visit on Mon 14/2', () => {
    // 11, 10, 9, 8, 7/2, then 28, 27, 26, 25, 24/1 (29/1–6/2 off) → notice Mon 24/1; due 11, 10, 9 → Wed 9/2.
    expect(visitDates('2022-02-14', policy, calendar)).toMatchObject({
      noticeDate: '2022-01-24',
      selfReportDueDate: '2022-02-09',
      visitReminderDate: '2022-02-11',
    });
  });

  it('sends at the policy time, Vietnam time', () => {
    expect(formatVnInstant(sendInstant('2022-03-08', policy))).toBe('2022-03-08T08:00:00+07:00');
  });
});

describe('inspection policy', () => {
  it('sorts reminder offsets, largest first, and keeps every default', () => {
    const p = inspectionPolicySchema.parse({
      selfReportReminderWorkingDaysBefore: [1, 3, 2],
      noticeWorkingDaysBeforeVisit: 12,
    });
    expect(p.selfReportReminderWorkingDaysBefore).toEqual([3, 2, 1]);
    expect(p.remediationEscalations).toEqual(policy.remediationEscalations);
  });

  it('names each inconsistent field', () => {
    const issues = (raw: unknown) => {
      const r = inspectionPolicySchema.safeParse(raw);
      return r.success ? [] : formatZodIssues(r.error);
    };
    expect(issues({ selfReportReminderWorkingDaysBefore: [2, 2] })).toEqual([
      'selfReportReminderWorkingDaysBefore: lần nhắc bị lặp',
    ]);
    expect(issues({ visitReminderWorkingDaysBefore: 10 })).toEqual([
      'visitReminderWorkingDaysBefore: phải nhỏ hơn noticeWorkingDaysBeforeVisit (10)',
    ]);
    expect(issues({ overdueWorkingDaysAfterDue: 3 })).toEqual([
      'overdueWorkingDaysAfterDue: thông báo quá hạn báo cáo tự kiểm tra phải trước ngày kiểm tra (cần nhỏ hơn 3)',
    ]);
    expect(
      issues({
        remediationEscalations: [
          { level: 1, workingDaysAfterDue: 5, role: 'snv_desk' },
          { level: 1, workingDaysAfterDue: 6, role: 'snv_director' },
        ],
      }),
    ).toEqual(['remediationEscalations[1].level: mức 1 bị lặp']);
    expect(issues({ defaultRemediationWorkingDays: 5 })).toEqual([
      'remediationReminderWorkingDaysBefore: phải nhỏ hơn thời hạn khắc phục mặc định (5 ngày làm việc)',
    ]);
    expect(
      issues({ remediationEscalations: [{ level: 1, workingDaysAfterDue: 1, role: 'head' }] })[0],
    ).toMatch(/^remediationEscalations\[0\]\.role: vai trò phải là một trong: snv_desk, snv_director/);
  });
});
