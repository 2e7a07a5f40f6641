import {
  AlignmentType,
  BorderStyle,
  Header,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
  convertMillimetersToTwip as mm,
  type ISectionOptions,
  type ParagraphChild,
} from 'docx';

// The parts of an administrative document as Nghị định 30/2020/NĐ-CP (Phụ lục I) lays them out: A4,
// margins top/bottom 20 mm, left 30 mm, right 15 mm; Times New Roman; the issuing body (top left)
// beside the national motto (top right), the number under the body, place and date under the motto;
// the signature block (bottom right) beside "Nơi nhận" (bottom left); page numbers centred in the top
// margin from page 2 on. Sizes are in points.

export const FONT = 'Times New Roman';
/** The text area: 210 mm less 30 mm and 15 mm. */
export const TEXT_WIDTH_MM = 165;

const NONE = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' } as const;
const NO_BORDERS = {
  top: NONE,
  bottom: NONE,
  left: NONE,
  right: NONE,
  insideHorizontal: NONE,
  insideVertical: NONE,
};
const RULE = { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 } as const;

export interface RunStyle {
  size: number;
  bold?: boolean;
  italics?: boolean;
}

export const run = (text: string, style: RunStyle) =>
  new TextRun({ text, font: FONT, size: style.size * 2, bold: style.bold, italics: style.italics });

/** A centred line of text, single spaced, no space after. */
export function centred(text: string, style: RunStyle): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { before: 0, after: 0 },
    children: [run(text, style)],
  });
}

/**
 * A centred horizontal rule `lengthMm` long in a column `columnMm` wide: the drawn line NĐ 30 puts
 * under the motto, the issuing body and the title (the bottom border of an empty, 4.5 pt high paragraph).
 */
export function rule(lengthMm: number, columnMm: number): Paragraph {
  const side = mm(Math.max(0, (columnMm - lengthMm) / 2));
  return new Paragraph({
    indent: { left: side, right: side },
    spacing: { before: 0, after: 0, line: 90, lineRule: 'exact' },
    border: { bottom: RULE },
    children: [],
  });
}

const cell = (widthMm: number, children: (Paragraph | Table)[]) =>
  new TableCell({ width: { size: mm(widthMm), type: WidthType.DXA }, borders: NO_BORDERS, children });

/** Two borderless columns side by side (header and footer blocks). */
export function twoColumns(leftMm: number, left: Paragraph[], right: Paragraph[]): Table {
  const rightMm = TEXT_WIDTH_MM - leftMm;
  return new Table({
    width: { size: mm(TEXT_WIDTH_MM), type: WidthType.DXA },
    columnWidths: [mm(leftMm), mm(rightMm)],
    layout: TableLayoutType.FIXED,
    borders: NO_BORDERS,
    rows: [new TableRow({ children: [cell(leftMm, left), cell(rightMm, right)] })],
  });
}

export interface Heading {
  /** Directly superior body, e.g. UBND TỈNH ĐỒNG THÁP. */
  parentBody: string;
  /** Issuing body, e.g. SỞ NỘI VỤ. */
  body: string;
  /** "Số: …/BC-SNV". */
  number: string;
  /** "Đồng Tháp, ngày … tháng … năm …". */
  placeAndDate: string;
}

const HEADER_LEFT_MM = 68;

/** The heading: issuing body and number on the left, national motto and place and date on the right. */
export function heading(h: Heading): Table {
  const rightMm = TEXT_WIDTH_MM - HEADER_LEFT_MM;
  return twoColumns(
    HEADER_LEFT_MM,
    [
      centred(h.parentBody, { size: 13 }),
      centred(h.body, { size: 13, bold: true }),
      rule(16, HEADER_LEFT_MM),
      new Paragraph({
        spacing: { before: 120, after: 0 },
        alignment: AlignmentType.CENTER,
        children: [run(h.number, { size: 13 })],
      }),
    ],
    [
      centred('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { size: 12, bold: true }),
      centred('Độc lập - Tự do - Hạnh phúc', { size: 13, bold: true }),
      rule(58, rightMm),
      new Paragraph({
        spacing: { before: 120, after: 0 },
        alignment: AlignmentType.CENTER,
        children: [run(h.placeAndDate, { size: 14, italics: true })],
      }),
    ],
  );
}

/** Document kind (BÁO CÁO) and its abstract, centred and bold, with a short rule under them. */
export function title(kind: string, abstract: string[]): Paragraph[] {
  return [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 360, after: 0 },
      children: [run(kind, { size: 14, bold: true })],
    }),
    ...abstract.map((line) => centred(line, { size: 14, bold: true })),
    rule(40, TEXT_WIDTH_MM),
    new Paragraph({ spacing: { before: 0, after: 120 }, children: [] }),
  ];
}

/** A body paragraph: 14 pt, justified, first line indented 1.27 cm, 6 pt after. */
export function bodyParagraph(
  children: string | ParagraphChild[],
  opts: { bold?: boolean; indent?: boolean } = {},
): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    indent: opts.indent === false ? undefined : { firstLine: mm(12.7) },
    spacing: { before: 0, after: 120, line: 288 },
    children: typeof children === 'string' ? [run(children, { size: 14, bold: opts.bold })] : children,
  });
}

export interface Signature {
  /** "Nơi nhận" lines, each without its dash; the last one is the archive line ("Lưu: VT, …"). */
  recipients: string[];
  /** "GIÁM ĐỐC", or "KT. GIÁM ĐỐC" and "PHÓ GIÁM ĐỐC" on two lines. */
  position: string[];
  signer: string;
}

/** "Nơi nhận" on the left, the signer's position, room to sign and name on the right. */
export function signature(s: Signature): Table {
  const recipients = s.recipients.map(
    (line, i) =>
      new Paragraph({
        spacing: { before: 0, after: 0 },
        children: [run(`- ${line}${i === s.recipients.length - 1 ? '.' : ';'}`, { size: 11 })],
      }),
  );
  return twoColumns(
    80,
    [
      new Paragraph({
        spacing: { before: 0, after: 0 },
        children: [run('Nơi nhận:', { size: 12, bold: true, italics: true })],
      }),
      ...recipients,
    ],
    [
      ...s.position.map((line) => centred(line, { size: 14, bold: true })),
      // Room for the signature and the seal.
      new Paragraph({ spacing: { before: 0, after: 0, line: 1800, lineRule: 'exact' }, children: [] }),
      centred(s.signer, { size: 14, bold: true }),
    ],
  );
}

/** A4 portrait, NĐ 30 margins, page number centred in the top margin from the second page on. */
export function pageSetup(): Pick<ISectionOptions, 'properties' | 'headers'> {
  return {
    properties: {
      titlePage: true,
      page: {
        size: { width: mm(210), height: mm(297) },
        margin: { top: mm(20), bottom: mm(20), left: mm(30), right: mm(15), header: mm(10) },
      },
    },
    headers: {
      first: new Header({ children: [] }),
      default: new Header({
        children: [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            children: [new TextRun({ children: [PageNumber.CURRENT], font: FONT, size: 26 })],
          }),
        ],
      }),
    },
  };
}
