import { z } from 'zod';
import { transferReason } from '../../activities/successions';
import {
  cycleStatusText,
  mergedInto,
  overdueText,
  receiptLine,
  stateText,
} from '../../client/cli/commands/cycle';
import { instantOption } from '../../client/cli/options';
import type { CycleStatusView, OverdueRow, UnitStatusRow } from '../../client/services/cycle-status';
import type { SubmitResult } from '../../client/services/reports';
import { extendDeadlineSchema, exemptSchema, submitReportSchema } from '../../domain/reporting';
import { formatZodIssues } from '../../domain/zod-format';
import { zodVietnamese } from '../../domain/zod-vi';

// What officials read of a cycle on the terminal: receipts (a drill's lateness in minutes against
// its due minute, a real cycle's in working days against its day), unit states in Vietnamese, the
// status and overdue tables, and zod's own messages in Vietnamese.

const at = (iso: string) => new Date(iso);

const receipt = (over: Partial<SubmitResult>): SubmitResult => ({
  receiptNumber: 'TN-CCHC-2027-Q1-STP-1',
  receivedAt: '2027-03-18T02:15:00.000Z', // 09:15 in Vietnam
  version: 1,
  onTime: false,
  workingDaysLate: 2,
  dueDate: '2027-03-16',
  duplicate: false,
  documentNumber: '15/BC-STP',
  signedDate: '2027-03-17',
  channel: 'document_system',
  dueAt: Date.parse('2027-03-16T23:59:59.999+07:00'),
  drill: false,
  ...over,
});

describe('receipts', () => {
  it('a real cycle: working days late, against the due day', () => {
    expect(receiptLine(receipt({}), 'STP')).toBe(
      'Đã tiếp nhận báo cáo của STP: biên nhận TN-CCHC-2027-Q1-STP-1, lúc 18/03/2027 09:15, trễ 2 ngày làm việc (hạn 16/03/2027).',
    );
    expect(receiptLine(receipt({ onTime: true, workingDaysLate: 0, version: 2 }), 'STP')).toBe(
      'Đã tiếp nhận báo cáo của STP: biên nhận TN-CCHC-2027-Q1-STP-1, lúc 18/03/2027 09:15, đúng hạn (hạn 16/03/2027), bản sửa đổi lần 1.',
    );
  });

  it('a drill: minutes late, against the due minute', () => {
    const drill = receipt({
      receiptNumber: 'TN-CCHC-2026-Q4-DT1-STP-1',
      receivedAt: '2026-12-01T03:32:29.000Z', // 10:32:29, the deadline 10:30:00: 2 min 29 s late
      workingDaysLate: 1, // what the workflow says of any lateness of a drill
      dueDate: '2026-12-01',
      dueAt: Date.parse('2026-12-01T10:30:00+07:00'),
      drill: true,
    });
    expect(receiptLine(drill, 'STP')).toBe(
      'Đã tiếp nhận báo cáo của STP: biên nhận TN-CCHC-2026-Q4-DT1-STP-1, lúc 01/12/2026 10:32, trễ 3 phút (hạn 01/12/2026 10:30).',
    );
    // Seconds late are a minute late; the duplicate of a late drill report says minutes too.
    expect(receiptLine({ ...drill, receivedAt: '2026-12-01T03:30:29.000Z', duplicate: true }, 'STP')).toBe(
      'Văn bản này của STP đã được tiếp nhận trước đó: biên nhận TN-CCHC-2026-Q4-DT1-STP-1 (01/12/2026 10:30, trễ 1 phút).',
    );
    expect(receiptLine({ ...drill, onTime: true, workingDaysLate: 0 }, 'STP')).toMatch(
      /, đúng hạn \(hạn 01\/12\/2026 10:30\)\.$/,
    );
    expect(receiptLine(drill, 'STP')).not.toMatch(/ngày làm việc/);
  });
});

const unit = (over: Partial<UnitStatusRow>): UnitStatusRow => ({
  agency: 'STP',
  name: 'Sở Tư pháp',
  state: 'PENDING',
  dueAt: at('2027-03-16T23:59:59.999+07:00'),
  submittedAt: null,
  receiptNumber: null,
  escalationLevel: 0,
  extendedReason: null,
  exemptReason: null,
  lateBy: null,
  focalPoint: { name: 'Đầu mối STP', email: 'daumoi@stp.example', phone: '0900000107' },
  ...over,
});

describe('unit states', () => {
  it('says a merged unit’s successor, from the reason the merge wrote', () => {
    const reason = transferReason({
      date: '2025-07-01',
      successor: { code: 'X_LAPVO', name: 'UBND xã Lấp Vò' },
    });
    expect(mergedInto(reason)).toBe('X_LAPVO');
    expect(stateText({ state: 'EXEMPT', exemptReason: reason })).toBe('được miễn (sáp nhập vào X_LAPVO)');
    expect(stateText({ state: 'EXEMPT', exemptReason: 'Sắp xếp tổ chức bộ máy' })).toBe('được miễn');
    expect(stateText({ state: 'OVERDUE', exemptReason: null })).toBe('quá hạn');
  });
});

describe('cycle status and overdue as text', () => {
  const late = unit({
    agency: 'SYT',
    name: 'Sở Y tế',
    state: 'OVERDUE',
    escalationLevel: 2,
    lateBy: { unit: 'workingDays', amount: 3 },
    focalPoint: { name: 'Đầu mối SYT', email: 'daumoi@syt.example', phone: null },
  });
  const view: CycleStatusView = {
    key: 'CCHC-2027-Q1',
    workflowId: 'cycle-CCHC-2027-Q1',
    regime: 'CCHC',
    year: 2027,
    period: 'Q1',
    drill: 0,
    status: 'CONSOLIDATED',
    agencyDueAt: at('2027-03-16T23:59:59.999+07:00'),
    consolidationAt: at('2027-03-22T08:00:00+07:00'),
    finalCloseAt: at('2028-01-15T08:00:00+07:00'),
    agencies: [
      unit({
        state: 'SUBMITTED_ON_TIME',
        submittedAt: at('2027-03-15T09:30:00+07:00'),
        receiptNumber: 'TN-CCHC-2027-Q1-STP-1',
      }),
      late,
    ],
    totals: { agencies: 2, PENDING: 0, SUBMITTED_ON_TIME: 1, SUBMITTED_LATE: 0, OVERDUE: 1, EXEMPT: 0 },
  };

  it('cycle status: names, due day, days late, level, focal point, totals', () => {
    const lines = cycleStatusText(view).split('\n');
    expect(lines[0]).toBe(
      'CCHC-2027-Q1 (cycle-CCHC-2027-Q1): đã tổng hợp, vẫn nhận báo cáo trễ; hạn nộp hết ngày 16/03/2027; kết thúc kỳ 15/01/2028 08:00',
    );
    expect(lines[2]).toMatch(
      /^Mã\s+Đơn vị\s+Tình trạng\s+Hạn\s+Trễ\s+Nộp lúc\s+Biên nhận\s+Vượt cấp\s+Đầu mối$/,
    );
    expect(lines[4]).toMatch(
      /^STP\s+Sở Tư pháp\s+đã nộp đúng hạn\s+hết ngày 16\/03\/2027\s+15\/03\/2027 09:30\s+TN-CCHC-2027-Q1-STP-1\s+Đầu mối STP, 0900000107, daumoi@stp\.example$/,
    );
    expect(lines[5]).toMatch(
      /^SYT\s+Sở Y tế\s+quá hạn\s+hết ngày 16\/03\/2027\s+3 ngày làm việc\s+cấp 2\s+Đầu mối SYT, daumoi@syt\.example$/,
    );
    expect(lines.at(-1)).toBe(
      'Tổng: 2 đơn vị; chưa nộp: 0; đã nộp đúng hạn: 1; đã nộp trễ hạn: 0; quá hạn: 1; được miễn: 0',
    );
  });

  it('overdue: a real unit late by working days, a drill’s by minutes against its minute', () => {
    const rows: OverdueRow[] = [
      { ...late, cycleKey: 'CCHC-2027-Q1', regime: 'CCHC', year: 2027, period: 'Q1', drill: 0 },
      {
        ...late,
        agency: 'STP',
        name: 'Sở Tư pháp',
        escalationLevel: 0,
        dueAt: at('2027-03-20T10:30:00+07:00'),
        lateBy: { unit: 'minutes', amount: 12 },
        cycleKey: 'CCHC-2027-Q1-DT1',
        regime: 'CCHC',
        year: 2027,
        period: 'Q1',
        drill: 1,
      },
    ];
    const lines = overdueText(rows, 3).split('\n');
    expect(lines[0]).toMatch(/^Kỳ\s+Mã\s+Đơn vị\s+Hạn\s+Trễ\s+Vượt cấp\s+Đầu mối$/);
    expect(lines[2]).toMatch(
      /^CCHC-2027-Q1\s+SYT\s+Sở Y tế\s+hết ngày 16\/03\/2027\s+3 ngày làm việc\s+cấp 2\s+Đầu mối SYT, daumoi@syt\.example$/,
    );
    expect(lines[3]).toMatch(
      /^CCHC-2027-Q1-DT1 \(diễn tập\)\s+STP\s+Sở Tư pháp\s+20\/03\/2027 10:30\s+12 phút\s+Đầu mối SYT/,
    );
    expect(lines.at(-1)).toBe('Tổng: 3 đơn vị quá hạn (hiện 2; dùng --limit để xem thêm).');
    expect(overdueText([], 0)).toBe('Không có đơn vị nào quá hạn.');
  });
});

describe("zod's own messages, in Vietnamese", () => {
  beforeAll(() => z.config(zodVietnamese()));
  afterAll(() => z.config(z.locales.en()));

  const issues = (schema: z.ZodType, value: unknown) => {
    const r = schema.safeParse(value);
    return r.success ? [] : formatZodIssues(r.error);
  };

  it('a length bound names the field and the limit, without zod’s type names', () => {
    expect(
      issues(extendDeadlineSchema(), {
        newDueDate: '2027-03-30',
        reason: 'x'.repeat(501),
        approvedBy: 'Giám đốc',
      }),
    ).toEqual(['reason: dài quá 500 ký tự']);
    expect(issues(exemptSchema(), { reason: 'x'.repeat(600) })).toEqual(['reason: dài quá 500 ký tự']);
    expect(issues(z.array(z.string()).max(2), ['a', 'b', 'c'])).toEqual(['(root): nhiều quá 2 phần tử']);
    expect(issues(z.string().min(1), '')).toEqual(['(root): không được để trống']);
    expect(issues(z.number().max(10), 11)).toEqual(['(root): lớn quá: tối đa 10']);
  });

  it('a missing or mistyped field says so in Vietnamese', () => {
    expect(issues(submitReportSchema(), { signedDate: '2027-03-16', channel: 'email' })).toEqual([
      'documentNumber: bắt buộc, chưa có',
    ]);
    expect(issues(z.object({ n: z.number() }), { n: 'ba' })).toEqual(['n: mong đợi số, nhận được văn bản']);
    expect(issues(z.object({ s: z.string() }), { s: null })).toEqual([
      's: mong đợi văn bản, nhận được giá trị rỗng',
    ]);
  });

  it('keeps the messages the schemas write themselves', () => {
    expect(
      issues(extendDeadlineSchema(), { newDueDate: '2027-03-30', reason: 'x', approvedBy: 'Giám đốc' }),
    ).toEqual(['reason: lý do quá ngắn']);
  });

  it('no English type or container name in any of them', () => {
    const all = [
      ...issues(z.object({ a: z.string(), b: z.boolean(), c: z.array(z.number()) }), { a: 1, b: 'x', c: {} }),
      ...issues(z.set(z.string()).max(1), new Set(['a', 'b'])),
      ...issues(z.string().length(3), 'ab'),
    ];
    expect(all).toHaveLength(5);
    for (const line of all)
      expect(line).not.toMatch(/\b(string|number|boolean|object|array|set|map|undefined|null)\b/);
  });
});

describe('instants given on the command line', () => {
  it('takes the years the working calendar covers, not 9999', () => {
    expect(instantOption.safeParse('2027-03-20T10:30:00+07:00').success).toBe(true);
    const far = instantOption.safeParse('9999-12-31T00:00:00Z');
    expect(far.success).toBe(false);
    expect(far.error?.issues[0]?.message).toMatch(/^năm phải từ 2021 đến 2099/);
    expect(instantOption.safeParse('2027-03-20T10:30:00').success).toBe(false); // no offset
  });
});
