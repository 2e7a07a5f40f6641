import type { NotificationPurpose, ReportingPurpose, TemplatePayload } from '../../domain/templates';
import { STP_CONTACTS, type Scenario } from './templates.scenarios';

// One valid payload per purpose, and what an official must find in its email. Reporting payloads
// are built for a scenario (templates.scenarios.ts). The agency's name is checked separately.

export * from './templates.scenarios';

export interface Fixture<P extends NotificationPurpose> {
  payload: TemplatePayload<P>;
  /** Must appear in the subject. */
  subject: string[];
  /** Must appear in both the text and the HTML part. */
  body: string[];
  /** The email names the agency (false for the consolidated messages to the collector and UBND). */
  namesAgency: boolean;
}

export function reportingFixtures(s: Scenario): { [P in ReportingPurpose]: Fixture<P> } {
  const { cycle, dueDate, dueAt, late, report, asOf, extended, followUp } = s;
  const lateUnits = [
    { code: 'STP', name: 'Sở Tư pháp', dueDate, dueAt, late, contacts: STP_CONTACTS },
    { code: 'P_MYPHUOCTAY', name: 'Phường Mỹ Phước Tây', dueDate, dueAt, late, contacts: [] },
  ];
  return {
    CYCLE_OPENING: {
      payload: { cycle, windowStart: s.windowStart, cutoff: s.cutoff, dueDate, dueAt },
      subject: ['Triển khai', report, s.dueShort],
      body: [report, `${cycle.periodName} năm ${cycle.year}`, s.due, cycle.submission!.how],
      namesAgency: true,
    },
    REPORT_REMINDER: {
      payload: { cycle, dueDate, dueAt, workingDaysLeft: 3 },
      subject: ['Nhắc hạn', report, s.dueShort],
      body: [report, s.due, ...(cycle.drill ? [] : ['còn 3 ngày làm việc']), cycle.submission!.system!],
      namesAgency: true,
    },
    REPORT_DUE_TODAY: {
      payload: { cycle, dueDate, dueAt },
      subject: [cycle.drill ? 'Hạn cuối' : 'Hôm nay là hạn cuối', report, s.dueShort],
      body: [
        cycle.drill
          ? `Hạn cuối gửi ${report}`
          : `Hôm nay, ${s.due.replace('hết ngày ', '')}, là hạn cuối gửi ${report}`,
        s.due.replace('hết ngày ', ''),
        cycle.submission!.template!,
      ],
      namesAgency: true,
    },
    REPORT_OVERDUE: {
      payload: { cycle, dueDate, dueAt, late },
      subject: ['Quá hạn', report, s.dueShort],
      body: [report, `đã chậm ${s.lateText} so với hạn gửi (${s.due})`, 'Thủ trưởng', cycle.submission!.how],
      namesAgency: true,
    },
    ESCALATION_SNV: {
      payload: { cycle, level: 1, asOf, lateAgencies: lateUnits },
      subject: ['2 đơn vị', report],
      body: [
        cycle.deskName,
        'Sở Tư pháp',
        'Phường Mỹ Phước Tây',
        s.dueShort,
        s.lateText,
        'Đầu mối: Nguyễn Thị Lan, 0900000101, daumoi.stp@dongthap.example',
        'Thủ trưởng: Trần Văn Bình, 0900000102, giamdoc.stp@dongthap.example',
        'chưa có thông tin liên hệ',
      ],
      namesAgency: false,
    },
    SUBMISSION_RECEIPT: {
      payload: {
        cycle,
        dueDate,
        dueAt,
        receiptNumber: `BN-${cycle.key}-STP-1`,
        documentNumber: '45/BC-STP',
        receivedAt: '2026-12-01T03:05:00Z',
        onTime: true,
      },
      subject: ['Xác nhận đã nhận', report, `BN-${cycle.key}-STP-1`],
      body: [report, '45/BC-STP', '10:05 ngày 01/12/2026', s.due, 'Đúng hạn'],
      namesAgency: true,
    },
    UBND_SUMMARY: {
      payload: {
        cycle,
        dueDate,
        dueAt,
        asOf,
        totals: { agencies: 6, onTime: 1, late: 1, notSubmitted: 2, exempt: 1, extended: 1 },
        onTime: [{ code: 'STC', name: 'Sở Tài chính' }],
        late: [{ code: 'STP', name: 'Sở Tư pháp', late }],
        notSubmitted: [
          { code: 'SYT', name: 'Sở Y tế', late },
          { code: 'P_MYPHUOCTAY', name: 'Phường Mỹ Phước Tây' },
        ],
        extended: [{ code: 'SXD', name: 'Sở Xây dựng', dueDate: extended.dueDate, dueAt: extended.dueAt }],
        exempt: [{ code: 'BQLKKT', name: 'Ban Quản lý Khu kinh tế tỉnh Đồng Tháp', reason: 'hợp nhất' }],
      },
      subject: ['Tổng hợp', report],
      body: [
        report,
        `(hạn ${s.dueShort})`,
        `${cycle.collectorName} kính báo cáo`,
        'Sở Tài chính',
        'Sở Tư pháp',
        'Sở Y tế',
        'Phường Mỹ Phước Tây',
        'Sở Xây dựng',
        extended.dueShort,
        'Ban Quản lý Khu kinh tế tỉnh Đồng Tháp',
        'hợp nhất',
        s.lateText,
      ],
      namesAgency: false,
    },
    DEADLINE_EXTENDED: {
      payload: {
        cycle,
        previousDueDate: dueDate,
        previousDueAt: dueAt,
        dueDate: extended.dueDate,
        dueAt: extended.dueAt,
        reason: 'Sự cố hệ thống văn bản',
      },
      subject: ['Gia hạn', report, `hạn mới ${extended.dueShort}`],
      body: [extended.due, s.dueShort, 'Sự cố hệ thống văn bản'],
      namesAgency: true,
    },
    EXEMPTED: {
      payload: { cycle, reason: 'Đơn vị mới thành lập' },
      subject: [`Miễn gửi ${report}`],
      body: [report, 'Đơn vị mới thành lập'],
      namesAgency: true,
    },
    FOLLOW_UP_DIGEST: {
      payload: {
        cycle,
        asOf: followUp.asOf,
        since: followUp.since,
        arrived: [{ code: 'SYT', name: 'Sở Y tế', receivedAt: followUp.receivedAt, late }],
        missing: lateUnits,
      },
      subject: ['Theo dõi', report, 'nhận thêm 1 báo cáo', 'còn 2 đơn vị chưa gửi'],
      body: [
        cycle.deskName,
        followUp.window,
        'Sở Y tế',
        followUp.received,
        'Phường Mỹ Phước Tây',
        'Đầu mối: Nguyễn Thị Lan, 0900000101, daumoi.stp@dongthap.example',
        s.lateText,
      ],
      namesAgency: false,
    },
  };
}

export const INSPECTION_FIXTURES: {
  [P in Exclude<NotificationPurpose, ReportingPurpose>]: Fixture<P>;
} = {
  INSPECTION_NOTICE: {
    payload: {
      year: 2022,
      visitDate: '2022-05-18',
      decisionRef: '123/QĐ-UBND',
      scope: 'Công tác chỉ đạo, điều hành CCHC; cải cách thủ tục hành chính',
      selfReportDueDate: '2022-05-10',
    },
    subject: ['Thông báo kiểm tra công tác CCHC năm 2022', '18/05/2022'],
    body: [
      'Quyết định số 123/QĐ-UBND',
      'thứ Tư, 18/05/2022',
      'thứ Ba, 10/05/2022',
      'cải cách thủ tục hành chính',
    ],
    namesAgency: true,
  },
  SELF_REPORT_REMINDER: {
    payload: { year: 2022, visitDate: '2022-05-18', selfReportDueDate: '2022-05-10', workingDaysLeft: 2 },
    subject: ['báo cáo tự kiểm tra', 'năm 2022', '10/05/2022'],
    body: ['thứ Ba, 10/05/2022', 'còn 2 ngày làm việc', '18/05/2022'],
    namesAgency: true,
  },
  SELF_REPORT_OVERDUE: {
    payload: { year: 2022, visitDate: '2022-05-18', selfReportDueDate: '2022-05-10', workingDaysLate: 1 },
    subject: ['Quá hạn', 'báo cáo tự kiểm tra', '10/05/2022'],
    body: ['thứ Ba, 10/05/2022', 'chậm 1 ngày làm việc', '18/05/2022'],
    namesAgency: true,
  },
  VISIT_REMINDER: {
    payload: { year: 2022, visitDate: '2022-05-18', scope: 'Cải cách tổ chức bộ máy', workingDaysLeft: 2 },
    subject: ['Nhắc lịch kiểm tra', '18/05/2022'],
    body: ['thứ Tư, 18/05/2022', 'còn 2 ngày làm việc', 'Cải cách tổ chức bộ máy'],
    namesAgency: true,
  },
  VISIT_RESULT_REMINDER: {
    payload: { year: 2022, visitDate: '2022-05-18' },
    subject: ['cập nhật kết quả kiểm tra', '18/05/2022'],
    body: ['Đoàn kiểm tra', 'thứ Tư, 18/05/2022', 'năm 2022'],
    namesAgency: true,
  },
  REMEDIATION_REMINDER: {
    payload: {
      year: 2022,
      visitDate: '2022-05-18',
      findings: [
        { code: 'F2', description: 'Chưa niêm yết đầy đủ thủ tục hành chính', dueDate: '2022-07-29' },
        { code: 'F1', description: 'Chưa ban hành kế hoạch tự kiểm tra', dueDate: '2022-06-30' },
      ],
    },
    subject: ['khắc phục', 'năm 2022', 'hạn 30/06/2022'],
    body: ['F1', 'Chưa niêm yết đầy đủ thủ tục hành chính', '29/07/2022', '30/06/2022', '18/05/2022'],
    namesAgency: true,
  },
  REMEDIATION_OVERDUE: {
    payload: {
      year: 2022,
      visitDate: '2022-05-18',
      findings: [
        {
          code: 'F1',
          description: 'Chưa ban hành kế hoạch tự kiểm tra',
          dueDate: '2022-06-30',
          workingDaysLate: 4,
        },
      ],
    },
    subject: ['Quá hạn khắc phục', 'năm 2022', '1 nội dung'],
    body: ['F1', 'Chưa ban hành kế hoạch tự kiểm tra', '30/06/2022', 'Số ngày làm việc chậm'],
    namesAgency: true,
  },
  INSPECTION_CONCLUSION: {
    payload: {
      year: 2022,
      visitDate: '2022-05-18',
      concludedDate: '2022-08-15',
      conclusionRef: '456/TB-SNV',
      findingsTotal: 3,
      findingsRemediated: 3,
    },
    subject: ['kết luận', 'năm 2022'],
    body: ['456/TB-SNV', 'thứ Hai, 15/08/2022', '18/05/2022', 'Số tồn tại phát hiện'],
    namesAgency: true,
  },
  INSPECTION_CANCELLED: {
    payload: { year: 2022, visitDate: '2022-05-18', reason: 'Trùng lịch họp của UBND tỉnh' },
    subject: ['Hủy lịch kiểm tra', '18/05/2022'],
    body: ['thứ Tư, 18/05/2022', 'Trùng lịch họp của UBND tỉnh'],
    namesAgency: true,
  },
};

/** Every purpose's fixture, the reporting ones in scenario `s`. */
export function fixturesFor(s: Scenario): { [P in NotificationPurpose]: Fixture<P> } {
  return { ...reportingFixtures(s), ...INSPECTION_FIXTURES };
}
