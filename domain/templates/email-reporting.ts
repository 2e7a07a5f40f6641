import {
  IF_ALREADY_SENT,
  deadlineOf,
  drillNotice,
  greetingOf,
  reportOf,
  shortDeadlineOf,
  signOffOf,
  subjectOf,
  submissionBlocks,
} from './cycle-words';
import type { EmailDocument } from './document';
import {
  formatDate,
  formatLateness,
  formatLongDate,
  formatVnDateTime,
  periodOf,
  workingDays,
} from './format';
import type { TemplateData } from './schemas';

// Emails of a reporting cycle to one unit: opening, reminders, due day, overdue, receipt,
// extension, exemption. Every one says where and how to submit while a report is still owed.

export function cycleOpening(d: TemplateData<'CYCLE_OPENING'>): EmailDocument {
  const c = d.cycle;
  return {
    subject: subjectOf(c, `Triển khai ${reportOf(c)} – hạn gửi ${shortDeadlineOf(c, d.dueDate, d.dueAt)}`),
    greeting: greetingOf(d),
    blocks: [
      ...drillNotice(c),
      {
        kind: 'p',
        text:
          `Thực hiện chế độ báo cáo định kỳ, ${c.collectorName} đề nghị ${d.agency.name} ` +
          `xây dựng ${reportOf(c)} và gửi về ${c.collectorName} để tổng hợp, báo cáo Ủy ban nhân dân tỉnh.`,
      },
      ...(d.inheritsFrom
        ? [
            {
              kind: 'p' as const,
              text:
                `Do sáp nhập từ ngày ${formatDate(d.inheritedOn ?? d.dueDate)}, ${d.agency.name} gửi báo cáo kỳ này thay cho ` +
                `${d.inheritsFrom.map((u) => u.name).join(', ')} (các đơn vị chưa gửi báo cáo): một báo cáo chung, ` +
                'gồm số liệu của các đơn vị trước sáp nhập.',
            },
          ]
        : []),
      {
        kind: 'facts',
        rows: [
          ['Kỳ báo cáo', periodOf(c.periodName, c.year)],
          ['Thời gian chốt số liệu', `từ ${formatDate(d.windowStart)} đến ${formatDate(d.cutoff)}`],
          [`Hạn gửi báo cáo về ${c.collectorName}`, deadlineOf(c, d.dueDate, d.dueAt)],
        ],
      },
      ...submissionBlocks(c),
      {
        kind: 'p',
        text:
          `Khi nhận được báo cáo, ${c.collectorName} sẽ gửi thư xác nhận kèm số biên nhận. ` +
          'Đề nghị đơn vị gửi báo cáo đúng hạn.',
      },
    ],
    signOff: signOffOf(c),
  };
}

export function reportReminder(d: TemplateData<'REPORT_REMINDER'>): EmailDocument {
  const c = d.cycle;
  const deadline = deadlineOf(c, d.dueDate, d.dueAt);
  // A drill's deadline is minutes away: its exact time says it all. A real one counts working days.
  const today = !c.drill && d.workingDaysLeft === 0;
  const when = c.drill
    ? deadline
    : today
      ? `hôm nay, ${deadline}`
      : `${deadline}, còn ${workingDays(d.workingDaysLeft)}`;
  const subjectWhen = today
    ? `hạn là hôm nay, ${formatDate(d.dueDate)}`
    : `hạn ${shortDeadlineOf(c, d.dueDate, d.dueAt)}`;
  return {
    subject: subjectOf(c, `Nhắc hạn gửi ${reportOf(c)} – ${subjectWhen}`),
    greeting: greetingOf(d),
    blocks: [
      ...drillNotice(c),
      {
        kind: 'p',
        text:
          `Hạn gửi ${reportOf(c)} về ${c.collectorName} là ${when}. ` +
          `Đến thời điểm này, ${c.collectorName} chưa nhận được báo cáo của ${d.agency.name}.`,
      },
      { kind: 'p', text: 'Đề nghị đơn vị hoàn thành và gửi báo cáo đúng hạn.' },
      ...submissionBlocks(c),
      { kind: 'p', text: IF_ALREADY_SENT },
    ],
    signOff: signOffOf(c),
  };
}

export function reportDueToday(d: TemplateData<'REPORT_DUE_TODAY'>): EmailDocument {
  const c = d.cycle;
  const received = `${c.collectorName} chưa nhận được báo cáo của ${d.agency.name}.`;
  return {
    subject: subjectOf(
      c,
      c.drill
        ? `Hạn cuối gửi ${reportOf(c)}: ${shortDeadlineOf(c, d.dueDate, d.dueAt)}`
        : `Hôm nay là hạn cuối gửi ${reportOf(c)} (${formatDate(d.dueDate)})`,
    ),
    greeting: greetingOf(d),
    blocks: [
      ...drillNotice(c),
      {
        kind: 'p',
        text: c.drill
          ? `Hạn cuối gửi ${reportOf(c)} về ${c.collectorName} là ${deadlineOf(c, d.dueDate, d.dueAt)}. ${received}`
          : `Hôm nay, ${formatLongDate(d.dueDate)}, là hạn cuối gửi ${reportOf(c)} về ${c.collectorName}. ${received}`,
      },
      {
        kind: 'p',
        text:
          (c.drill
            ? 'Đề nghị đơn vị gửi báo cáo trước thời hạn trên.'
            : 'Đề nghị đơn vị gửi báo cáo trong ngày hôm nay.') +
          ' Báo cáo gửi sau hạn sẽ được ghi nhận là chậm hạn.',
      },
      ...submissionBlocks(c),
      { kind: 'p', text: IF_ALREADY_SENT },
    ],
    signOff: signOffOf(c),
  };
}

export function reportOverdue(d: TemplateData<'REPORT_OVERDUE'>): EmailDocument {
  const c = d.cycle;
  return {
    subject: subjectOf(c, `Quá hạn gửi ${reportOf(c)} (hạn ${shortDeadlineOf(c, d.dueDate, d.dueAt)})`),
    greeting: greetingOf(d),
    blocks: [
      ...drillNotice(c),
      {
        kind: 'p',
        text:
          `Đến nay, ${d.agency.name} chưa gửi ${reportOf(c)}, đã chậm ${formatLateness(d.late)} ` +
          `so với hạn gửi (${deadlineOf(c, d.dueDate, d.dueAt)}).`,
      },
      {
        kind: 'p',
        text:
          `Đề nghị Thủ trưởng đơn vị chỉ đạo gửi báo cáo về ${c.collectorName} ngay. Việc chậm báo cáo được ` +
          `${c.collectorName} tổng hợp, báo cáo Ủy ban nhân dân tỉnh` +
          // A drill is recorded nowhere: only a real cycle counts in the unit's yearly record.
          (c.drill ? '.' : ` và ghi nhận vào kết quả thực hiện chế độ báo cáo năm ${c.year} của đơn vị.`),
      },
      ...submissionBlocks(c),
      { kind: 'p', text: IF_ALREADY_SENT },
    ],
    signOff: signOffOf(c),
  };
}

export function submissionReceipt(d: TemplateData<'SUBMISSION_RECEIPT'>): EmailDocument {
  const c = d.cycle;
  const status = d.onTime ? 'Đúng hạn' : d.late ? `Chậm ${formatLateness(d.late)}` : 'Chậm hạn';
  const facts: [string, string][] = [
    ['Số biên nhận', d.receiptNumber],
    ['Văn bản số', d.documentNumber],
    ['Thời điểm nhận', formatVnDateTime(d.receivedAt)],
    ['Hạn gửi', deadlineOf(c, d.dueDate, d.dueAt)],
    ['Tình trạng', status],
  ];
  if (d.version && d.version > 1)
    facts.push(['Lần gửi', `${d.version} (báo cáo bổ sung, thay thế lần trước)`]);
  return {
    subject: subjectOf(c, `Xác nhận đã nhận ${reportOf(c)} – biên nhận ${d.receiptNumber}`),
    greeting: greetingOf(d),
    blocks: [
      ...drillNotice(c),
      { kind: 'p', text: `${c.collectorName} đã nhận ${reportOf(c)} của ${d.agency.name}.` },
      { kind: 'facts', rows: facts },
      { kind: 'p', text: 'Đề nghị đơn vị lưu số biên nhận này để đối chiếu khi cần.' },
    ],
    signOff: signOffOf(c),
  };
}

export function deadlineExtended(d: TemplateData<'DEADLINE_EXTENDED'>): EmailDocument {
  const c = d.cycle;
  return {
    subject: subjectOf(c, `Gia hạn gửi ${reportOf(c)} – hạn mới ${shortDeadlineOf(c, d.dueDate, d.dueAt)}`),
    greeting: greetingOf(d),
    blocks: [
      ...drillNotice(c),
      {
        kind: 'p',
        text: `${c.collectorName} thống nhất gia hạn thời hạn gửi ${reportOf(c)} của ${d.agency.name}.`,
      },
      {
        kind: 'facts',
        rows: [
          ['Hạn mới', deadlineOf(c, d.dueDate, d.dueAt)],
          ['Hạn trước đây', shortDeadlineOf(c, d.previousDueDate, d.previousDueAt)],
          ['Lý do gia hạn', d.reason],
        ],
      },
      { kind: 'p', text: 'Đề nghị đơn vị gửi báo cáo trong thời hạn mới.' },
      ...submissionBlocks(c),
    ],
    signOff: signOffOf(c),
  };
}

export function exempted(d: TemplateData<'EXEMPTED'>): EmailDocument {
  const c = d.cycle;
  return {
    subject: subjectOf(c, `Miễn gửi ${reportOf(c)}`),
    greeting: greetingOf(d),
    blocks: [
      ...drillNotice(c),
      { kind: 'p', text: `${c.collectorName} thông báo ${d.agency.name} được miễn gửi ${reportOf(c)}.` },
      { kind: 'facts', rows: [['Lý do', d.reason]] },
      { kind: 'p', text: 'Trong kỳ báo cáo này, đơn vị sẽ không nhận thư nhắc hạn.' },
    ],
    signOff: signOffOf(c),
  };
}
