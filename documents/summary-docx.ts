import {
  AlignmentType,
  BorderStyle,
  Document,
  ImageRun,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  VerticalAlignTable,
  WidthType,
  convertMillimetersToTwip as mm,
} from 'docx';
import { CHART_SIZE, renderOutcomeChart } from './chart';
import {
  FONT,
  TEXT_WIDTH_MM,
  bodyParagraph,
  centred,
  heading,
  pageSetup,
  run,
  signature,
  title,
} from './admin-docx';
import { OUTCOME_LABELS, ddmmyyyy, periodPhrase } from './labels';

// Sở Nội vụ's consolidated report to UBND tỉnh on who sent a cycle's report on time, late or not at
// all, as a DOCX in the administrative format of Nghị định 30/2020/NĐ-CP, numbered and dated by hand
// at signing. Built from the same data as the UBND_SUMMARY email (so the attachment and the email
// agree) or, by `cchc report summary`, from the database.

export interface ListedUnit {
  code: string;
  name?: string;
}

/** The data of the summary: the UBND_SUMMARY email's payload, with the units' names filled in. */
export interface SummaryData {
  year: number;
  period: string;
  periodLabel?: string;
  /** A drill's summary says so in its heading. */
  drill?: boolean;
  /** The agencies' deadline, YYYY-MM-DD. */
  dueDate: string;
  /** The day the figures stand at, YYYY-MM-DD. */
  asOf?: string;
  totals: { agencies: number; onTime: number; late: number; notSubmitted: number; exempt: number };
  onTime: ListedUnit[];
  late: (ListedUnit & { workingDaysLate: number })[];
  notSubmitted: ListedUnit[];
  exempt: (ListedUnit & { reason?: string })[];
}

const nameOf = (u: ListedUnit) => u.name ?? u.code;
const percent = (n: number, of: number) =>
  of === 0 ? '' : `${((100 * n) / of).toFixed(1).replace('.', ',')}%`;

const LINE = { style: BorderStyle.SINGLE, size: 4, color: '000000' } as const;
const GRID = {
  top: LINE,
  bottom: LINE,
  left: LINE,
  right: LINE,
  insideHorizontal: LINE,
  insideVertical: LINE,
};

/** A bordered table of the body: a bold centred header row, 13 pt cells. */
function grid(
  headers: string[],
  widthsMm: number[],
  rows: (string | number)[][],
  align: ('left' | 'center')[],
): Table {
  const cell = (text: string, i: number, header: boolean) =>
    new TableCell({
      width: { size: mm(widthsMm[i]!), type: WidthType.DXA },
      verticalAlign: VerticalAlignTable.CENTER,
      margins: { top: 40, bottom: 40, left: 80, right: 80 },
      children: [
        new Paragraph({
          alignment: header || align[i] === 'center' ? AlignmentType.CENTER : AlignmentType.LEFT,
          spacing: { before: 0, after: 0 },
          children: [run(text, { size: 13, bold: header })],
        }),
      ],
    });
  return new Table({
    width: { size: mm(TEXT_WIDTH_MM), type: WidthType.DXA },
    columnWidths: widthsMm.map(mm),
    layout: TableLayoutType.FIXED,
    borders: GRID,
    rows: [
      new TableRow({ tableHeader: true, children: headers.map((h, i) => cell(h, i, true)) }),
      ...rows.map(
        (r) => new TableRow({ cantSplit: true, children: r.map((v, i) => cell(String(v), i, false)) }),
      ),
    ],
  });
}

const spacer = () => new Paragraph({ spacing: { before: 0, after: 120 }, children: [] });
const section = (text: string) => bodyParagraph(text, { bold: true });

function listOrNone<T>(items: T[], none: string, table: (items: T[]) => Table): (Paragraph | Table)[] {
  return items.length === 0 ? [bodyParagraph(none)] : [table(items), spacer()];
}

/** The summary as DOCX bytes, with the outcome chart (the one the XLSX export has) under the totals. */
export async function buildSummaryDocx(d: SummaryData): Promise<Buffer> {
  const t = d.totals;
  const chartPng = await renderOutcomeChart({ ...t, extended: 0 });
  const what = periodPhrase(d);
  const asOf = d.asOf ? `Tính đến ngày ${ddmmyyyy(d.asOf)}, ` : '';
  const chartWidth = 600; // pixels at 96 dpi: about 159 mm, the text area less a little
  const body: (Paragraph | Table)[] = [
    ...(d.drill ? [centred('BẢN DIỄN TẬP – KHÔNG CÓ GIÁ TRỊ BÁO CÁO', { size: 13, bold: true })] : []),
    bodyParagraph(
      `Thực hiện Kế hoạch cải cách hành chính của Ủy ban nhân dân tỉnh, Sở Nội vụ theo dõi, đôn đốc các cơ quan, ` +
        `đơn vị gửi báo cáo công tác cải cách hành chính ${what} (hạn gửi Sở Nội vụ: ngày ${ddmmyyyy(d.dueDate)}). ` +
        `${asOf}kết quả như sau:`,
    ),
    section('1. Tổng hợp chung'),
    grid(
      ['Nội dung', 'Số đơn vị', 'Tỷ lệ'],
      [105, 30, 30],
      [
        ['Tổng số cơ quan, đơn vị phải báo cáo', t.agencies, t.agencies > 0 ? '100%' : ''],
        [`Gửi đúng hạn`, t.onTime, percent(t.onTime, t.agencies)],
        [`Gửi trễ hạn`, t.late, percent(t.late, t.agencies)],
        [`Chưa gửi`, t.notSubmitted, percent(t.notSubmitted, t.agencies)],
        [`Được miễn báo cáo`, t.exempt, percent(t.exempt, t.agencies)],
      ],
      ['left', 'center', 'center'],
    ),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 240, after: 0 },
      children: [
        new ImageRun({
          type: 'png',
          data: chartPng,
          transformation: {
            width: chartWidth,
            height: Math.round((chartWidth * CHART_SIZE.height) / CHART_SIZE.width),
          },
          altText: {
            name: 'Biểu đồ',
            title: 'Biểu đồ',
            description: `Số đơn vị: ${OUTCOME_LABELS.onTime} ${t.onTime}, ${OUTCOME_LABELS.late} ${t.late}, ${OUTCOME_LABELS.notSubmitted} ${t.notSubmitted}, ${OUTCOME_LABELS.exempt} ${t.exempt}`,
          },
        }),
      ],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 60, after: 240 },
      children: [run(`Biểu đồ: tình hình gửi báo cáo ${what}`, { size: 13, italics: true })],
    }),
    section(`2. Các cơ quan, đơn vị gửi báo cáo trễ hạn (${d.late.length})`),
    ...listOrNone(d.late, 'Không có cơ quan, đơn vị gửi trễ hạn.', (units) =>
      grid(
        ['STT', 'Cơ quan, đơn vị', 'Số ngày làm việc trễ'],
        [15, 100, 50],
        units.map((u, i) => [i + 1, nameOf(u), u.workingDaysLate]),
        ['center', 'left', 'center'],
      ),
    ),
    section(`3. Các cơ quan, đơn vị chưa gửi báo cáo (${d.notSubmitted.length})`),
    ...listOrNone(d.notSubmitted, 'Không có cơ quan, đơn vị chưa gửi báo cáo.', (units) =>
      grid(
        ['STT', 'Cơ quan, đơn vị'],
        [15, 150],
        units.map((u, i) => [i + 1, nameOf(u)]),
        ['center', 'left'],
      ),
    ),
    section(`4. Các cơ quan, đơn vị được miễn báo cáo (${d.exempt.length})`),
    ...listOrNone(d.exempt, 'Không có cơ quan, đơn vị được miễn báo cáo.', (units) =>
      grid(
        ['STT', 'Cơ quan, đơn vị', 'Lý do'],
        [15, 80, 70],
        units.map((u, i) => [i + 1, nameOf(u), u.reason ?? '']),
        ['center', 'left', 'left'],
      ),
    ),
    section('5. Đề xuất'),
    bodyParagraph(
      'Sở Nội vụ kính đề nghị Ủy ban nhân dân tỉnh chỉ đạo các cơ quan, đơn vị chưa gửi báo cáo khẩn trương gửi ' +
        'báo cáo về Sở Nội vụ để tổng hợp; việc chấp hành chế độ báo cáo được ghi nhận khi đánh giá, xếp hạng ' +
        `Chỉ số cải cách hành chính năm ${d.year} của các cơ quan, đơn vị.`,
    ),
    bodyParagraph('Sở Nội vụ kính báo cáo Ủy ban nhân dân tỉnh xem xét, chỉ đạo./.'),
    spacer(),
  ];
  const doc = new Document({
    creator: 'Sở Nội vụ tỉnh Đồng Tháp',
    title: `Báo cáo tình hình gửi báo cáo CCHC ${what}`,
    // vi-VN: Word checks the spelling in Vietnamese.
    styles: { default: { document: { run: { font: FONT, size: 28, language: { value: 'vi-VN' } } } } },
    sections: [
      {
        ...pageSetup(),
        children: [
          heading({
            parentBody: 'UBND TỈNH ĐỒNG THÁP',
            body: 'SỞ NỘI VỤ',
            number: 'Số: …/BC-SNV',
            placeAndDate: 'Đồng Tháp, ngày … tháng … năm …',
          }),
          ...title('BÁO CÁO', [
            'Tình hình gửi báo cáo công tác cải cách hành chính',
            `${what.charAt(0).toUpperCase()}${what.slice(1)} của các cơ quan, đơn vị`,
          ]),
          ...body,
          signature({
            recipients: [
              'UBND tỉnh (để báo cáo)',
              'Chủ tịch, các Phó Chủ tịch UBND tỉnh',
              'Giám đốc, các Phó Giám đốc Sở',
              'Lưu: VT, CCHC',
            ],
            position: ['GIÁM ĐỐC'],
            signer: '[Họ và tên]',
          }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
