import {
  contactCell,
  drillNotice,
  greetingOf,
  nameOf,
  reportOf,
  shortDeadlineOf,
  signOffOf,
  subjectOf,
} from './cycle-words';
import type { Block, EmailDocument } from './document';
import { formatDate, formatLateness, formatVnDateTime } from './format';
import type { CycleContext, TemplateData } from './schemas';

// The consolidated emails of a reporting cycle: escalations to the collector, the summary to UBND
// tỉnh, and the follow-up digest after it. Every late unit comes with whom to call about it.

type LateUnit = TemplateData<'ESCALATION_SNV'>['lateAgencies'][number];

/** Late units with their deadline, how late, and their focal point's and head's contacts. */
function lateUnitsTable(c: CycleContext, units: LateUnit[]): Block {
  return {
    kind: 'table',
    headers: ['STT', 'Mã', 'Đơn vị', 'Hạn gửi', 'Thời gian chậm', 'Liên hệ'],
    rows: units.map((u, i) => [
      i + 1,
      u.code,
      u.name,
      shortDeadlineOf(c, u.dueDate, u.dueAt),
      formatLateness(u.late),
      contactCell(u.contacts),
    ]),
  };
}

export function escalationSnv(d: TemplateData<'ESCALATION_SNV'>): EmailDocument {
  const c = d.cycle;
  const n = d.lateAgencies.length;
  const director = d.level >= 2;
  return {
    subject: subjectOf(
      c,
      director
        ? `Đề nghị đôn đốc ${n} đơn vị chậm gửi ${reportOf(c)}`
        : `Danh sách ${n} đơn vị chậm gửi ${reportOf(c)}`,
    ),
    greeting: `Kính gửi: ${director ? c.directorName : c.deskName}.`,
    blocks: [
      ...drillNotice(c),
      {
        kind: 'p',
        text: `Tính đến ngày ${formatDate(d.asOf)}, ${n} đơn vị sau chưa gửi ${reportOf(c)} dù đã quá hạn:`,
      },
      lateUnitsTable(c, d.lateAgencies),
      {
        kind: 'p',
        text: director
          ? `Đây là lần nhắc thứ ${d.level} đến ${c.collectorName}. ` +
            `Đề nghị ${c.directorName} xem xét ban hành văn bản đôn đốc các đơn vị trên.`
          : 'Đề nghị liên hệ đầu mối, thủ trưởng các đơn vị trên (theo thông tin liên hệ trong bảng) ' +
            'để đôn đốc gửi báo cáo.',
      },
    ],
    signOff: signOffOf(c),
  };
}

export function ubndSummary(d: TemplateData<'UBND_SUMMARY'>): EmailDocument {
  const c = d.cycle;
  const t = d.totals;
  const blocks: Block[] = [
    ...drillNotice(c),
    {
      kind: 'p',
      text:
        `${c.collectorName} báo cáo tình hình các cơ quan, đơn vị gửi ${reportOf(c)} ` +
        `(hạn ${shortDeadlineOf(c, d.dueDate, d.dueAt)}), tính đến ngày ${formatDate(d.asOf)}:`,
    },
    {
      kind: 'facts',
      rows: [
        ['Tổng số đơn vị', String(t.agencies)],
        ['Gửi đúng hạn', String(t.onTime)],
        ['Gửi chậm hạn', String(t.late)],
        ['Chưa gửi (đã quá hạn)', String(t.notSubmitted)],
        ['Được gia hạn, chưa gửi', String(t.extended)],
        ['Được miễn báo cáo', String(t.exempt)],
      ],
    },
  ];
  // UBND tỉnh reads names: the system's codes would be noise here.
  const section = (title: string, count: number, table: Omit<Extract<Block, { kind: 'table' }>, 'kind'>) => {
    if (count > 0) blocks.push({ kind: 'heading', text: `${title} (${count})` }, { kind: 'table', ...table });
  };
  section('Đơn vị chưa gửi báo cáo', d.notSubmitted.length, {
    headers: ['STT', 'Đơn vị', 'Thời gian chậm'],
    rows: d.notSubmitted.map((a, i) => [i + 1, nameOf(a), a.late ? formatLateness(a.late) : '—']),
  });
  section('Đơn vị gửi chậm hạn', d.late.length, {
    headers: ['STT', 'Đơn vị', 'Thời gian chậm'],
    rows: d.late.map((a, i) => [i + 1, nameOf(a), formatLateness(a.late)]),
  });
  section('Đơn vị được gia hạn, còn phải gửi', d.extended.length, {
    headers: ['STT', 'Đơn vị', 'Hạn mới'],
    rows: d.extended.map((a, i) => [i + 1, nameOf(a), shortDeadlineOf(c, a.dueDate, a.dueAt)]),
  });
  section('Đơn vị được miễn báo cáo', d.exempt.length, {
    headers: ['STT', 'Đơn vị', 'Lý do'],
    rows: d.exempt.map((a, i) => [i + 1, nameOf(a), a.reason ?? '']),
  });
  if (d.onTime.length > 0) {
    blocks.push(
      { kind: 'heading', text: `Đơn vị gửi đúng hạn (${d.onTime.length})` },
      { kind: 'p', text: d.onTime.map(nameOf).join('; ') + '.' },
    );
  }
  if (d.notSubmitted.length + d.extended.length > 0) {
    blocks.push({
      kind: 'p',
      text:
        `${c.collectorName} tiếp tục theo dõi, đôn đốc các đơn vị chưa gửi; báo cáo gửi sau thời điểm tổng hợp ` +
        'vẫn được tiếp nhận và ghi nhận thời gian chậm.',
    });
  }
  blocks.push({ kind: 'p', text: `${c.collectorName} kính báo cáo ${d.agency.name} xem xét, chỉ đạo.` });
  return {
    subject: subjectOf(c, `Tổng hợp tình hình gửi ${reportOf(c)} của các cơ quan, đơn vị`),
    greeting: greetingOf(d),
    blocks,
    signOff: signOffOf(c),
  };
}

export function followUpDigest(d: TemplateData<'FOLLOW_UP_DIGEST'>): EmailDocument {
  const c = d.cycle;
  const arrived = d.arrived.length;
  const missing = d.missing.length;
  const window =
    d.since === d.asOf
      ? `trong ngày ${formatDate(d.asOf)}`
      : `từ ngày ${formatDate(d.since)} đến ngày ${formatDate(d.asOf)}`;
  const blocks: Block[] = [
    ...drillNotice(c),
    {
      kind: 'p',
      text:
        `Sau thời điểm tổng hợp, ${c.collectorName} tiếp tục nhận ${reportOf(c)} gửi muộn. ` +
        `Tình hình ${window}:`,
    },
    { kind: 'heading', text: `Báo cáo đã nhận thêm (${arrived})` },
    arrived > 0
      ? {
          kind: 'table',
          headers: ['STT', 'Mã', 'Đơn vị', 'Thời điểm nhận', 'Thời gian chậm'],
          rows: d.arrived.map((a, i) => [
            i + 1,
            a.code,
            nameOf(a),
            formatVnDateTime(a.receivedAt),
            formatLateness(a.late),
          ]),
        }
      : { kind: 'p', text: 'Không có báo cáo nào được gửi thêm trong thời gian này.' },
    { kind: 'heading', text: `Đơn vị vẫn chưa gửi báo cáo (${missing})` },
    missing > 0
      ? lateUnitsTable(c, d.missing)
      : { kind: 'p', text: 'Tất cả các đơn vị phải báo cáo đã gửi báo cáo.' },
  ];
  if (missing > 0) {
    blocks.push({
      kind: 'p',
      text:
        'Đề nghị tiếp tục liên hệ, đôn đốc các đơn vị trên gửi báo cáo.' +
        (c.drill
          ? ''
          : ` Báo cáo gửi muộn được ghi nhận vào kết quả thực hiện chế độ báo cáo năm ${c.year} của từng đơn vị.`),
    });
  }
  return {
    subject: subjectOf(
      c,
      `Theo dõi ${reportOf(c)} sau tổng hợp: nhận thêm ${arrived} báo cáo, còn ${missing} đơn vị chưa gửi`,
    ),
    greeting: `Kính gửi: ${c.deskName}.`,
    blocks,
    signOff: signOffOf(c),
  };
}
