import type { Block, EmailDocument } from './document';
import { formatDate, formatLongDate, formatVnDateTime, reportName, workingDays } from './format';
import type { ListedAgency, TemplateData } from './schemas';

// Emails of the periodic reporting cycle: opening, reminders, overdue, escalation, receipt, summary.

type ReportData = { year: number; period: string; periodLabel?: string };

/** 'báo cáo CCHC Quý I năm 2022'. */
function reportOf(d: ReportData): string {
  return `báo cáo CCHC ${reportName(d.period, d.year, d.periodLabel)}`;
}

function greeting(d: { agency: { name: string } }): string {
  return `Kính gửi: ${d.agency.name}.`;
}

const nameOf = (a: ListedAgency) => a.name ?? a.code;
const IF_ALREADY_SENT = 'Nếu đơn vị đã gửi báo cáo, xin bỏ qua thư này.';

export function cycleOpening(d: TemplateData<'CYCLE_OPENING'>): EmailDocument {
  return {
    subject: `[CCHC] Triển khai ${reportOf(d)} – hạn gửi ${formatDate(d.dueDate)}`,
    greeting: greeting(d),
    blocks: [
      {
        kind: 'p',
        text:
          `Thực hiện chế độ báo cáo định kỳ công tác cải cách hành chính, Sở Nội vụ đề nghị ${d.agency.name} ` +
          `xây dựng ${reportOf(d)} và gửi về Sở Nội vụ để tổng hợp, báo cáo Ủy ban nhân dân tỉnh.`,
      },
      {
        kind: 'facts',
        rows: [
          ['Kỳ báo cáo', reportName(d.period, d.year, d.periodLabel)],
          ['Thời gian chốt số liệu', `từ ${formatDate(d.windowStart)} đến ${formatDate(d.cutoff)}`],
          ['Hạn gửi báo cáo về Sở Nội vụ', formatLongDate(d.dueDate)],
        ],
      },
      {
        kind: 'p',
        text: 'Khi nhận được báo cáo, Sở Nội vụ sẽ gửi thư xác nhận kèm số biên nhận. Đề nghị đơn vị gửi báo cáo đúng hạn.',
      },
    ],
  };
}

export function reportReminder(d: TemplateData<'REPORT_REMINDER'>): EmailDocument {
  return {
    subject: `[CCHC] Nhắc hạn gửi ${reportOf(d)} – hạn ${formatDate(d.dueDate)}`,
    greeting: greeting(d),
    blocks: [
      {
        kind: 'p',
        text:
          `Hạn gửi ${reportOf(d)} về Sở Nội vụ là ${formatLongDate(d.dueDate)}, còn ${workingDays(d.workingDaysLeft)}. ` +
          `Đến thời điểm này, Sở Nội vụ chưa nhận được báo cáo của ${d.agency.name}.`,
      },
      { kind: 'p', text: 'Đề nghị đơn vị hoàn thành và gửi báo cáo đúng hạn.' },
      { kind: 'p', text: IF_ALREADY_SENT },
    ],
  };
}

export function reportDueToday(d: TemplateData<'REPORT_DUE_TODAY'>): EmailDocument {
  return {
    subject: `[CCHC] Hôm nay là hạn cuối gửi ${reportOf(d)} (${formatDate(d.dueDate)})`,
    greeting: greeting(d),
    blocks: [
      {
        kind: 'p',
        text:
          `Hôm nay, ${formatLongDate(d.dueDate)}, là hạn cuối gửi ${reportOf(d)} về Sở Nội vụ. ` +
          `Sở Nội vụ chưa nhận được báo cáo của ${d.agency.name}.`,
      },
      {
        kind: 'p',
        text: 'Đề nghị đơn vị gửi báo cáo trong ngày hôm nay. Báo cáo gửi sau hạn sẽ được ghi nhận là chậm hạn.',
      },
      { kind: 'p', text: IF_ALREADY_SENT },
    ],
  };
}

export function reportOverdue(d: TemplateData<'REPORT_OVERDUE'>): EmailDocument {
  return {
    subject: `[CCHC] Quá hạn gửi ${reportOf(d)} (hạn ${formatDate(d.dueDate)})`,
    greeting: greeting(d),
    blocks: [
      {
        kind: 'p',
        text:
          `Đến nay, ${d.agency.name} chưa gửi ${reportOf(d)} (hạn ${formatLongDate(d.dueDate)}), ` +
          `đã chậm ${workingDays(d.workingDaysLate)}.`,
      },
      {
        kind: 'p',
        text:
          'Đề nghị Thủ trưởng đơn vị chỉ đạo gửi báo cáo về Sở Nội vụ ngay. Việc chậm báo cáo được Sở Nội vụ tổng hợp, ' +
          `báo cáo Ủy ban nhân dân tỉnh và là căn cứ đánh giá, xếp hạng Chỉ số cải cách hành chính năm ${d.year}.`,
      },
    ],
  };
}

export function escalationSnv(d: TemplateData<'ESCALATION_SNV'>): EmailDocument {
  const n = d.lateAgencies.length;
  const director = d.level >= 2;
  const asOf = d.asOf ? `Tính đến ngày ${formatDate(d.asOf)}, ` : 'Hiện nay, ';
  return {
    subject: director
      ? `[CCHC] Đề nghị đôn đốc ${n} đơn vị chậm gửi ${reportOf(d)}`
      : `[CCHC] Danh sách ${n} đơn vị chậm gửi ${reportOf(d)}`,
    greeting: director ? 'Kính gửi: Giám đốc Sở Nội vụ.' : 'Kính gửi: Phòng Cải cách hành chính, Sở Nội vụ.',
    blocks: [
      { kind: 'p', text: `${asOf}${n} đơn vị sau chưa gửi ${reportOf(d)} dù đã quá hạn:` },
      {
        kind: 'table',
        headers: ['STT', 'Mã', 'Đơn vị', 'Hạn gửi', 'Số ngày làm việc chậm'],
        rows: d.lateAgencies.map((a, i) => [
          i + 1,
          a.code,
          nameOf(a),
          formatDate(a.dueDate),
          a.workingDaysLate,
        ]),
      },
      {
        kind: 'p',
        text: director
          ? `Đây là lần nhắc thứ ${d.level} đến Sở Nội vụ. Đề nghị Giám đốc Sở Nội vụ xem xét ban hành văn bản đôn đốc các đơn vị trên.`
          : 'Đề nghị Phòng Cải cách hành chính liên hệ, đôn đốc các đơn vị trên gửi báo cáo.',
      },
    ],
  };
}

export function submissionReceipt(d: TemplateData<'SUBMISSION_RECEIPT'>): EmailDocument {
  const status = d.onTime ? 'Đúng hạn' : `Chậm ${workingDays(d.workingDaysLate ?? 0)}`;
  const facts: [string, string][] = [
    ['Số biên nhận', d.receiptNumber],
    ['Văn bản số', d.documentNumber],
    ['Thời điểm nhận', formatVnDateTime(d.receivedAt)],
    ['Hạn gửi', formatLongDate(d.dueDate)],
    ['Tình trạng', status],
  ];
  if (d.version && d.version > 1)
    facts.push(['Lần gửi', `${d.version} (báo cáo bổ sung, thay thế lần trước)`]);
  return {
    subject: `[CCHC] Xác nhận đã nhận ${reportOf(d)} – biên nhận ${d.receiptNumber}`,
    greeting: greeting(d),
    blocks: [
      { kind: 'p', text: `Sở Nội vụ đã nhận ${reportOf(d)} của ${d.agency.name}.` },
      { kind: 'facts', rows: facts },
      { kind: 'p', text: 'Đề nghị đơn vị lưu số biên nhận này để đối chiếu khi cần.' },
    ],
  };
}

export function ubndSummary(d: TemplateData<'UBND_SUMMARY'>): EmailDocument {
  const t = d.totals;
  const blocks: Block[] = [
    {
      kind: 'p',
      text:
        `Sở Nội vụ báo cáo tình hình các cơ quan, đơn vị gửi ${reportOf(d)} (hạn ${formatDate(d.dueDate)})` +
        `${d.asOf ? `, tính đến ngày ${formatDate(d.asOf)}` : ''}:`,
    },
    {
      kind: 'facts',
      rows: [
        ['Tổng số đơn vị', String(t.agencies)],
        ['Gửi đúng hạn', String(t.onTime)],
        ['Gửi chậm hạn', String(t.late)],
        ['Chưa gửi', String(t.notSubmitted)],
        ['Được miễn báo cáo', String(t.exempt)],
      ],
    },
  ];
  if (d.notSubmitted.length > 0) {
    blocks.push(
      { kind: 'heading', text: 'Đơn vị chưa gửi báo cáo' },
      {
        kind: 'table',
        headers: ['STT', 'Mã', 'Đơn vị'],
        rows: d.notSubmitted.map((a, i) => [i + 1, a.code, nameOf(a)]),
      },
    );
  }
  if (d.late.length > 0) {
    blocks.push(
      { kind: 'heading', text: 'Đơn vị gửi chậm hạn' },
      {
        kind: 'table',
        headers: ['STT', 'Mã', 'Đơn vị', 'Số ngày làm việc chậm'],
        rows: d.late.map((a, i) => [i + 1, a.code, nameOf(a), a.workingDaysLate]),
      },
    );
  }
  if (d.exempt.length > 0) {
    blocks.push(
      { kind: 'heading', text: 'Đơn vị được miễn báo cáo' },
      {
        kind: 'table',
        headers: ['STT', 'Mã', 'Đơn vị', 'Lý do'],
        rows: d.exempt.map((a, i) => [i + 1, a.code, nameOf(a), a.reason ?? '']),
      },
    );
  }
  if (d.onTime.length > 0) {
    blocks.push(
      { kind: 'heading', text: 'Đơn vị gửi đúng hạn' },
      { kind: 'p', text: d.onTime.map(nameOf).join('; ') + '.' },
    );
  }
  blocks.push({ kind: 'p', text: 'Sở Nội vụ kính báo cáo Ủy ban nhân dân tỉnh xem xét, chỉ đạo.' });
  return {
    subject: `[CCHC] Tổng hợp tình hình gửi ${reportOf(d)} của các cơ quan, đơn vị`,
    greeting: 'Kính gửi: Ủy ban nhân dân tỉnh Đồng Tháp.',
    blocks,
  };
}

export function deadlineExtended(d: TemplateData<'DEADLINE_EXTENDED'>): EmailDocument {
  return {
    subject: `[CCHC] Gia hạn gửi ${reportOf(d)} – hạn mới ${formatDate(d.dueDate)}`,
    greeting: greeting(d),
    blocks: [
      {
        kind: 'p',
        text:
          `Sở Nội vụ thống nhất gia hạn thời hạn gửi ${reportOf(d)} của ${d.agency.name} ` +
          `từ ${formatDate(d.previousDueDate)} đến ${formatLongDate(d.dueDate)}.`,
      },
      { kind: 'facts', rows: [['Lý do gia hạn', d.reason]] },
      { kind: 'p', text: 'Đề nghị đơn vị gửi báo cáo trong thời hạn mới.' },
    ],
  };
}

export function exempted(d: TemplateData<'EXEMPTED'>): EmailDocument {
  return {
    subject: `[CCHC] Miễn gửi ${reportOf(d)}`,
    greeting: greeting(d),
    blocks: [
      { kind: 'p', text: `Sở Nội vụ thông báo ${d.agency.name} được miễn gửi ${reportOf(d)}.` },
      { kind: 'facts', rows: [['Lý do', d.reason]] },
      { kind: 'p', text: 'Trong kỳ báo cáo này, đơn vị sẽ không nhận thư nhắc hạn.' },
    ],
  };
}
