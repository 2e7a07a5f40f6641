import type { NotificationPurpose, TemplatePayload } from '../../domain/templates';

// One valid payload per purpose, and what an official must find in its email: the agency's name
// is checked separately for every purpose that addresses an agency.

export interface Fixture<P extends NotificationPurpose> {
  payload: TemplatePayload<P>;
  /** Must appear in the subject. */
  subject: string[];
  /** Must appear in both the text and the HTML part. */
  body: string[];
  /** The email names the agency (false for the consolidated messages to SNV and UBND). */
  namesAgency: boolean;
}

export const FIXTURES: { [P in NotificationPurpose]: Fixture<P> } = {
  CYCLE_OPENING: {
    payload: {
      year: 2022,
      period: 'Q1',
      windowStart: '2021-12-15',
      cutoff: '2022-03-14',
      dueDate: '2022-03-16',
    },
    subject: ['Quý I năm 2022', '16/3/2022'],
    body: ['Quý I năm 2022', 'từ 15/12/2021 đến 14/3/2022', 'thứ Tư, 16/3/2022'],
    namesAgency: true,
  },
  REPORT_REMINDER: {
    payload: { year: 2022, period: 'Q1', dueDate: '2022-03-16', workingDaysLeft: 3 },
    subject: ['[CCHC] Nhắc hạn gửi báo cáo CCHC Quý I năm 2022 – hạn 16/3/2022'],
    body: ['Quý I năm 2022', 'thứ Tư, 16/3/2022', 'còn 3 ngày làm việc'],
    namesAgency: true,
  },
  REPORT_DUE_TODAY: {
    payload: { year: 2022, period: 'H1', dueDate: '2022-06-16' },
    subject: ['6 tháng đầu năm 2022', '16/6/2022'],
    body: ['6 tháng đầu năm 2022', 'thứ Năm, 16/6/2022', 'hạn cuối'],
    namesAgency: true,
  },
  REPORT_OVERDUE: {
    payload: { year: 2022, period: 'Q3', dueDate: '2022-09-16', workingDaysLate: 2 },
    subject: ['Quá hạn', 'Quý III năm 2022', '16/9/2022'],
    body: ['Quý III năm 2022', 'thứ Sáu, 16/9/2022', 'chậm 2 ngày làm việc', 'Thủ trưởng'],
    namesAgency: true,
  },
  ESCALATION_SNV: {
    payload: {
      year: 2022,
      period: 'YEAR',
      level: 1,
      asOf: '2022-12-20',
      lateAgencies: [
        { code: 'STP', name: 'Sở Tư pháp', dueDate: '2022-12-16', workingDaysLate: 2 },
        { code: 'H_LAPVO', dueDate: '2022-12-16', workingDaysLate: 2 },
      ],
    },
    subject: ['2 đơn vị', 'báo cáo CCHC năm 2022'],
    body: [
      'Phòng Cải cách hành chính',
      'năm 2022',
      'Sở Tư pháp',
      'H_LAPVO',
      '16/12/2022',
      'Tính đến ngày 20/12/2022',
    ],
    namesAgency: false,
  },
  SUBMISSION_RECEIPT: {
    payload: {
      year: 2022,
      period: 'Q1',
      dueDate: '2022-03-16',
      receiptNumber: 'BN-2022-Q1-STP-1',
      documentNumber: '45/BC-STP',
      receivedAt: '2022-03-15T03:05:00Z',
      onTime: true,
    },
    subject: ['Xác nhận đã nhận', 'Quý I năm 2022', 'BN-2022-Q1-STP-1'],
    body: ['Quý I năm 2022', '45/BC-STP', '10:05 ngày 15/3/2022', 'thứ Tư, 16/3/2022', 'Đúng hạn'],
    namesAgency: true,
  },
  UBND_SUMMARY: {
    payload: {
      year: 2022,
      period: 'Q1',
      dueDate: '2022-03-16',
      totals: { agencies: 4, onTime: 1, late: 1, notSubmitted: 1, exempt: 1 },
      onTime: [{ code: 'STC', name: 'Sở Tài chính' }],
      late: [{ code: 'STP', name: 'Sở Tư pháp', workingDaysLate: 3 }],
      notSubmitted: [{ code: 'SYT', name: 'Sở Y tế' }],
      exempt: [{ code: 'SNGV', name: 'Sở Ngoại vụ', reason: 'sáp nhập' }],
    },
    subject: ['Tổng hợp', 'Quý I năm 2022'],
    body: [
      'Ủy ban nhân dân tỉnh',
      'Quý I năm 2022',
      '16/3/2022',
      'Sở Tài chính',
      'Sở Tư pháp',
      'Sở Y tế',
      'Sở Ngoại vụ',
      'sáp nhập',
    ],
    namesAgency: false,
  },
  INSPECTION_NOTICE: {
    payload: {
      year: 2022,
      visitDate: '2022-05-18',
      decisionRef: '123/QĐ-UBND',
      scope: 'Công tác chỉ đạo, điều hành CCHC; cải cách thủ tục hành chính',
      selfReportDueDate: '2022-05-10',
    },
    subject: ['Thông báo kiểm tra công tác CCHC năm 2022', '18/5/2022'],
    body: [
      'Quyết định số 123/QĐ-UBND',
      'thứ Tư, 18/5/2022',
      'thứ Ba, 10/5/2022',
      'cải cách thủ tục hành chính',
    ],
    namesAgency: true,
  },
  SELF_REPORT_REMINDER: {
    payload: { year: 2022, visitDate: '2022-05-18', selfReportDueDate: '2022-05-10', workingDaysLeft: 2 },
    subject: ['báo cáo tự kiểm tra', 'năm 2022', '10/5/2022'],
    body: ['thứ Ba, 10/5/2022', 'còn 2 ngày làm việc', '18/5/2022'],
    namesAgency: true,
  },
  SELF_REPORT_OVERDUE: {
    payload: { year: 2022, visitDate: '2022-05-18', selfReportDueDate: '2022-05-10', workingDaysLate: 1 },
    subject: ['Quá hạn', 'báo cáo tự kiểm tra', '10/5/2022'],
    body: ['thứ Ba, 10/5/2022', 'chậm 1 ngày làm việc', '18/5/2022'],
    namesAgency: true,
  },
  VISIT_REMINDER: {
    payload: { year: 2022, visitDate: '2022-05-18', scope: 'Cải cách tổ chức bộ máy', workingDaysLeft: 2 },
    subject: ['Nhắc lịch kiểm tra', '18/5/2022'],
    body: ['thứ Tư, 18/5/2022', 'còn 2 ngày làm việc', 'Cải cách tổ chức bộ máy'],
    namesAgency: true,
  },
  VISIT_RESULT_REMINDER: {
    payload: { year: 2022, visitDate: '2022-05-18' },
    subject: ['cập nhật kết quả kiểm tra', '18/5/2022'],
    body: ['Đoàn kiểm tra', 'thứ Tư, 18/5/2022', 'năm 2022'],
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
    subject: ['khắc phục', 'năm 2022', 'hạn 30/6/2022'],
    body: ['F1', 'Chưa niêm yết đầy đủ thủ tục hành chính', '29/7/2022', '30/6/2022', '18/5/2022'],
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
    body: ['F1', 'Chưa ban hành kế hoạch tự kiểm tra', '30/6/2022', 'Số ngày làm việc chậm'],
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
    body: ['456/TB-SNV', 'thứ Hai, 15/8/2022', '18/5/2022', 'Số tồn tại phát hiện'],
    namesAgency: true,
  },
  INSPECTION_CANCELLED: {
    payload: { year: 2022, visitDate: '2022-05-18', reason: 'Trùng lịch họp của UBND tỉnh' },
    subject: ['Hủy lịch kiểm tra', '18/5/2022'],
    body: ['thứ Tư, 18/5/2022', 'Trùng lịch họp của UBND tỉnh'],
    namesAgency: true,
  },
  DEADLINE_EXTENDED: {
    payload: {
      year: 2022,
      period: 'Q1',
      previousDueDate: '2022-03-16',
      dueDate: '2022-03-18',
      reason: 'Sự cố hệ thống văn bản',
    },
    subject: ['Gia hạn', 'Quý I năm 2022', 'hạn mới 18/3/2022'],
    body: ['từ 16/3/2022 đến thứ Sáu, 18/3/2022', 'Sự cố hệ thống văn bản'],
    namesAgency: true,
  },
  EXEMPTED: {
    payload: { year: 2022, period: 'YEAR', reason: 'Đơn vị mới thành lập' },
    subject: ['Miễn gửi báo cáo CCHC năm 2022'],
    body: ['năm 2022', 'Đơn vị mới thành lập'],
    namesAgency: true,
  },
};
