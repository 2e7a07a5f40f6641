import type { EmailDocument, SignOff } from './document';
import { formatDate, formatLongDate, workingDays } from './format';
import type { TemplateData } from './schemas';

// Emails of a CCHC inspection: notice, self-inspection report, visit, remediation, conclusion.

const SIGN_OFF: SignOff = {
  signature: ['Trân trọng,', 'Sở Nội vụ tỉnh Đồng Tháp (Phòng Cải cách hành chính)'],
  note:
    'Thư này được gửi tự động từ hệ thống theo dõi báo cáo và kiểm tra cải cách hành chính của Sở Nội vụ. ' +
    'Vui lòng không trả lời thư này; khi cần, xin liên hệ Phòng Cải cách hành chính, Sở Nội vụ.',
};

const inspectionOf = (year: number) => `kiểm tra công tác CCHC năm ${year}`;

function greeting(d: { agency: { name: string } }): string {
  return `Kính gửi: ${d.agency.name}.`;
}

/** An overdue notice escalated to Sở Nội vụ goes to Phòng CCHC (level 1) or the Director (2 and up). */
function escalationGreeting(level: number): string {
  return level >= 2 ? 'Kính gửi: Giám đốc Sở Nội vụ.' : 'Kính gửi: Phòng Cải cách hành chính, Sở Nội vụ.';
}

function escalationRequest(level: number): string {
  return level >= 2
    ? 'Đề nghị Giám đốc Sở Nội vụ xem xét ban hành văn bản đôn đốc đơn vị.'
    : 'Đề nghị Phòng Cải cách hành chính theo dõi, đôn đốc đơn vị.';
}

export function inspectionNotice(d: TemplateData<'INSPECTION_NOTICE'>): EmailDocument {
  const basis = d.decisionRef
    ? `Quyết định số ${d.decisionRef}`
    : `Kế hoạch kiểm tra công tác CCHC năm ${d.year}`;
  if (d.previousVisitDate) return revisedInspectionNotice(d, d.previousVisitDate);
  return {
    subject: `[CCHC] Thông báo ${inspectionOf(d.year)} tại ${d.agency.name} – ngày ${formatDate(d.visitDate)}`,
    greeting: greeting(d),
    signOff: SIGN_OFF,
    blocks: [
      {
        kind: 'p',
        text: `Thực hiện ${basis}, Đoàn kiểm tra sẽ kiểm tra công tác cải cách hành chính tại ${d.agency.name}.`,
      },
      {
        kind: 'facts',
        rows: [
          ['Nội dung kiểm tra', d.scope],
          ['Thời gian kiểm tra', formatLongDate(d.visitDate)],
          ['Hạn gửi báo cáo tự kiểm tra', formatLongDate(d.selfReportDueDate)],
        ],
      },
      {
        kind: 'p',
        text:
          'Đề nghị đơn vị gửi báo cáo tự kiểm tra về Sở Nội vụ trước hạn nêu trên và chuẩn bị hồ sơ, tài liệu, ' +
          'bố trí thành phần làm việc với Đoàn kiểm tra.',
      },
    ],
  };
}

function revisedInspectionNotice(
  d: TemplateData<'INSPECTION_NOTICE'>,
  previousVisitDate: string,
): EmailDocument {
  const facts: [string, string][] = [
    ['Nội dung kiểm tra', d.scope],
    ['Thời gian kiểm tra (mới)', formatLongDate(d.visitDate)],
    ['Thời gian đã thông báo trước đây', formatLongDate(previousVisitDate)],
    ['Hạn gửi báo cáo tự kiểm tra', formatLongDate(d.selfReportDueDate)],
  ];
  if (d.reason) facts.push(['Lý do thay đổi', d.reason]);
  return {
    subject: `[CCHC] Thông báo thay đổi lịch ${inspectionOf(d.year)} tại ${d.agency.name} – ngày ${formatDate(d.visitDate)}`,
    greeting: greeting(d),
    signOff: SIGN_OFF,
    blocks: [
      {
        kind: 'p',
        text:
          `Sở Nội vụ thông báo thay đổi lịch ${inspectionOf(d.year)} tại ${d.agency.name}: ` +
          `từ ngày ${formatDate(previousVisitDate)} sang ngày ${formatDate(d.visitDate)}.`,
      },
      { kind: 'facts', rows: facts },
      {
        kind: 'p',
        text: 'Đề nghị đơn vị gửi báo cáo tự kiểm tra (nếu chưa gửi) trước hạn nêu trên và chuẩn bị làm việc với Đoàn kiểm tra theo lịch mới.',
      },
    ],
  };
}

export function selfReportReminder(d: TemplateData<'SELF_REPORT_REMINDER'>): EmailDocument {
  return {
    subject: `[CCHC] Nhắc hạn gửi báo cáo tự kiểm tra công tác CCHC năm ${d.year} – hạn ${formatDate(d.selfReportDueDate)}`,
    greeting: greeting(d),
    signOff: SIGN_OFF,
    blocks: [
      {
        kind: 'p',
        text:
          `Hạn gửi báo cáo tự kiểm tra công tác cải cách hành chính năm ${d.year} là ` +
          (d.workingDaysLeft === 0
            ? `hôm nay, ${formatLongDate(d.selfReportDueDate)}. `
            : `${formatLongDate(d.selfReportDueDate)}, còn ${workingDays(d.workingDaysLeft)}. `) +
          `Sở Nội vụ chưa nhận được báo cáo tự kiểm tra của ${d.agency.name}.`,
      },
      { kind: 'facts', rows: [['Ngày kiểm tra', formatLongDate(d.visitDate)]] },
      {
        kind: 'p',
        text: 'Đề nghị đơn vị gửi báo cáo đúng hạn. Nếu đơn vị đã gửi báo cáo, xin bỏ qua thư này.',
      },
    ],
  };
}

export function selfReportOverdue(d: TemplateData<'SELF_REPORT_OVERDUE'>): EmailDocument {
  if (d.escalationLevel !== undefined) {
    return {
      subject: `[CCHC] Đề nghị đôn đốc ${d.agency.name} chậm gửi báo cáo tự kiểm tra công tác CCHC năm ${d.year}`,
      greeting: escalationGreeting(d.escalationLevel),
      signOff: SIGN_OFF,
      blocks: [
        {
          kind: 'p',
          text:
            `${d.agency.name} chưa gửi báo cáo tự kiểm tra công tác cải cách hành chính năm ${d.year} ` +
            `(hạn ${formatLongDate(d.selfReportDueDate)}), đã chậm ${workingDays(d.workingDaysLate)}.`,
        },
        { kind: 'facts', rows: [['Ngày kiểm tra', formatLongDate(d.visitDate)]] },
        { kind: 'p', text: escalationRequest(d.escalationLevel) },
      ],
    };
  }
  return {
    subject: `[CCHC] Quá hạn gửi báo cáo tự kiểm tra công tác CCHC năm ${d.year} (hạn ${formatDate(d.selfReportDueDate)})`,
    greeting: greeting(d),
    signOff: SIGN_OFF,
    blocks: [
      {
        kind: 'p',
        text:
          `Đến nay, ${d.agency.name} chưa gửi báo cáo tự kiểm tra công tác cải cách hành chính năm ${d.year} ` +
          `(hạn ${formatLongDate(d.selfReportDueDate)}), đã chậm ${workingDays(d.workingDaysLate)}.`,
      },
      { kind: 'facts', rows: [['Ngày kiểm tra', formatLongDate(d.visitDate)]] },
      {
        kind: 'p',
        text: 'Đề nghị Thủ trưởng đơn vị chỉ đạo gửi báo cáo ngay để Đoàn kiểm tra kịp nghiên cứu trước buổi kiểm tra.',
      },
    ],
  };
}

export function visitReminder(d: TemplateData<'VISIT_REMINDER'>): EmailDocument {
  const when =
    d.workingDaysLeft === undefined
      ? formatLongDate(d.visitDate)
      : d.workingDaysLeft === 0
        ? `hôm nay, ${formatLongDate(d.visitDate)}`
        : `${formatLongDate(d.visitDate)} (còn ${workingDays(d.workingDaysLeft)})`;
  return {
    subject: `[CCHC] Nhắc lịch ${inspectionOf(d.year)} tại ${d.agency.name} ngày ${formatDate(d.visitDate)}`,
    greeting: greeting(d),
    signOff: SIGN_OFF,
    blocks: [
      {
        kind: 'p',
        text: `Đoàn kiểm tra công tác cải cách hành chính sẽ làm việc tại ${d.agency.name} vào ${when}.`,
      },
      ...(d.scope
        ? [{ kind: 'facts' as const, rows: [['Nội dung kiểm tra', d.scope] as [string, string]] }]
        : []),
      {
        kind: 'p',
        text: 'Đề nghị đơn vị chuẩn bị hồ sơ, tài liệu và bố trí thành phần làm việc với Đoàn kiểm tra.',
      },
    ],
  };
}

export function visitResultReminder(d: TemplateData<'VISIT_RESULT_REMINDER'>): EmailDocument {
  return {
    subject: `[CCHC] Đề nghị cập nhật kết quả kiểm tra CCHC tại ${d.agency.name} (ngày kiểm tra ${formatDate(d.visitDate)})`,
    greeting: 'Kính gửi: Đoàn kiểm tra công tác CCHC (Phòng Cải cách hành chính, Sở Nội vụ).',
    signOff: SIGN_OFF,
    blocks: [
      {
        kind: 'p',
        text:
          `Buổi ${inspectionOf(d.year)} tại ${d.agency.name} ngày ${formatLongDate(d.visitDate)} ` +
          'chưa được cập nhật kết quả trên hệ thống.',
      },
      {
        kind: 'p',
        text: 'Đề nghị Đoàn kiểm tra cập nhật kết quả: các tồn tại, hạn chế và thời hạn khắc phục, để hệ thống theo dõi việc khắc phục.',
      },
    ],
  };
}

export function remediationReminder(d: TemplateData<'REMEDIATION_REMINDER'>): EmailDocument {
  const earliest = d.findings.map((f) => f.dueDate).sort()[0]!;
  return {
    subject: `[CCHC] Nhắc hạn khắc phục tồn tại sau ${inspectionOf(d.year)} – hạn ${formatDate(earliest)}`,
    greeting: greeting(d),
    signOff: SIGN_OFF,
    blocks: [
      {
        kind: 'p',
        text:
          `Sau buổi kiểm tra ngày ${formatDate(d.visitDate)}, ${d.agency.name} còn ${d.findings.length} nội dung ` +
          'phải khắc phục sắp đến hạn:',
      },
      {
        kind: 'table',
        headers: ['Mã', 'Nội dung tồn tại', 'Hạn khắc phục'],
        rows: d.findings.map((f) => [f.code, f.description, formatDate(f.dueDate)]),
      },
      {
        kind: 'p',
        text: 'Đề nghị đơn vị khắc phục và gửi báo cáo kết quả khắc phục về Sở Nội vụ trước hạn.',
      },
    ],
  };
}

export function remediationOverdue(d: TemplateData<'REMEDIATION_OVERDUE'>): EmailDocument {
  const escalated = d.escalationLevel !== undefined;
  return {
    subject: escalated
      ? `[CCHC] Đề nghị đôn đốc ${d.agency.name} chậm khắc phục tồn tại sau ${inspectionOf(d.year)} (${d.findings.length} nội dung)`
      : `[CCHC] Quá hạn khắc phục tồn tại sau ${inspectionOf(d.year)} (${d.findings.length} nội dung)`,
    greeting: escalated ? escalationGreeting(d.escalationLevel!) : greeting(d),
    signOff: SIGN_OFF,
    blocks: [
      {
        kind: 'p',
        text:
          `Sau buổi kiểm tra ngày ${formatDate(d.visitDate)}, ${d.agency.name} chưa báo cáo kết quả khắc phục ` +
          'các nội dung sau dù đã quá hạn:',
      },
      {
        kind: 'table',
        headers: ['Mã', 'Nội dung tồn tại', 'Hạn khắc phục', 'Số ngày làm việc chậm'],
        rows: d.findings.map((f) => [f.code, f.description, formatDate(f.dueDate), f.workingDaysLate]),
      },
      {
        kind: 'p',
        text: escalated
          ? escalationRequest(d.escalationLevel!)
          : 'Đề nghị Thủ trưởng đơn vị chỉ đạo khắc phục và báo cáo ngay. Sở Nội vụ sẽ tổng hợp, báo cáo Ủy ban nhân dân tỉnh.',
      },
    ],
  };
}

export function inspectionConclusion(d: TemplateData<'INSPECTION_CONCLUSION'>): EmailDocument {
  const facts: [string, string][] = [
    ['Ngày kiểm tra', formatDate(d.visitDate)],
    ['Ngày kết luận', formatLongDate(d.concludedDate)],
    ['Số tồn tại phát hiện', String(d.findingsTotal)],
    ['Số tồn tại đã khắc phục', String(d.findingsRemediated)],
  ];
  if (d.conclusionRef) facts.unshift(['Thông báo kết luận số', d.conclusionRef]);
  return {
    subject: `[CCHC] Thông báo kết luận ${inspectionOf(d.year)} tại ${d.agency.name}`,
    greeting: greeting(d),
    signOff: SIGN_OFF,
    blocks: [
      { kind: 'p', text: `Đoàn kiểm tra đã kết thúc ${inspectionOf(d.year)} tại ${d.agency.name}.` },
      { kind: 'facts', rows: facts },
      {
        kind: 'p',
        text: 'Đề nghị đơn vị tiếp tục duy trì kết quả đạt được và thực hiện đầy đủ các nội dung trong kết luận kiểm tra.',
      },
    ],
  };
}

export function inspectionCancelled(d: TemplateData<'INSPECTION_CANCELLED'>): EmailDocument {
  return {
    subject: `[CCHC] Hủy lịch ${inspectionOf(d.year)} tại ${d.agency.name} (ngày ${formatDate(d.visitDate)})`,
    greeting: greeting(d),
    signOff: SIGN_OFF,
    blocks: [
      {
        kind: 'p',
        text: `Sở Nội vụ thông báo hủy lịch ${inspectionOf(d.year)} tại ${d.agency.name} dự kiến ngày ${formatLongDate(d.visitDate)}.`,
      },
      { kind: 'facts', rows: [['Lý do', d.reason]] },
      { kind: 'p', text: 'Đơn vị không cần gửi báo cáo tự kiểm tra cho lịch kiểm tra này.' },
    ],
  };
}
