// An email as a few structured blocks, rendered once as plain text and once as HTML, so both parts
// always say the same thing and every value is escaped in one place.

/** A table cell: a value, or several lines (a unit's contacts). */
export type Cell = string | number | string[];

export type Block =
  | { kind: 'p'; text: string }
  /** Set apart at the top: a drill's warning that nothing in it is a real request. */
  | { kind: 'notice'; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'facts'; rows: [label: string, value: string][] }
  | { kind: 'table'; headers: string[]; rows: Cell[][] };

/** Who signs the message, and the note that it was sent automatically. */
export interface SignOff {
  signature: string[];
  note: string;
}

export interface EmailDocument {
  subject: string;
  greeting: string;
  blocks: Block[];
  signOff: SignOff;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export function escapeHtml(value: string | number): string {
  return String(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** One line: a subject never carries a line break from a value. */
function oneLine(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

export function renderDocument(doc: EmailDocument): RenderedEmail {
  return { subject: oneLine(doc.subject), text: renderText(doc), html: renderHtml(doc) };
}

const cellText = (cell: Cell) => (Array.isArray(cell) ? cell.join('; ') : String(cell));
const cellHtml = (cell: Cell) => (Array.isArray(cell) ? cell.map(escapeHtml).join('<br>') : escapeHtml(cell));

function renderText(doc: EmailDocument): string {
  const parts = [doc.greeting];
  for (const block of doc.blocks) {
    switch (block.kind) {
      case 'p':
        parts.push(block.text);
        break;
      case 'notice':
        parts.push(`*** ${block.text} ***`);
        break;
      case 'heading':
        parts.push(`${block.text}:`);
        break;
      case 'facts':
        parts.push(block.rows.map(([label, value]) => `- ${label}: ${value}`).join('\n'));
        break;
      case 'table':
        parts.push([block.headers, ...block.rows].map((row) => row.map(cellText).join(' | ')).join('\n'));
        break;
    }
  }
  parts.push(doc.signOff.signature.join('\n'), `--\n${doc.signOff.note}`);
  return `${parts.join('\n\n')}\n`;
}

const STYLE = {
  body: 'font-family:Arial,Helvetica,sans-serif;font-size:14px;line-height:1.5;color:#1a1a1a',
  table: 'border-collapse:collapse;margin:8px 0',
  cell: 'border:1px solid #bbb;padding:4px 8px;text-align:left;vertical-align:top',
  head: 'border:1px solid #bbb;padding:4px 8px;text-align:left;vertical-align:top;background:#eef2f7;white-space:nowrap',
  heading: 'margin:16px 0 4px',
  notice:
    'border:2px solid #c62828;background:#fdecea;color:#8e0000;font-weight:bold;padding:8px 12px;margin:8px 0',
  note: 'color:#666;font-size:12px;border-top:1px solid #ddd;padding-top:8px;margin-top:16px',
};

/** Short values (numbers, codes, dates, '3 ngày làm việc') never wrap: a narrow column stays readable. */
const SHORT_CELL = 24;
const cellStyle = (cell: Cell) =>
  typeof cell === 'number' || (typeof cell === 'string' && cell.length <= SHORT_CELL)
    ? `${STYLE.cell};white-space:nowrap`
    : STYLE.cell;

function renderHtml(doc: EmailDocument): string {
  const body: string[] = [`<p>${escapeHtml(doc.greeting)}</p>`];
  for (const block of doc.blocks) {
    switch (block.kind) {
      case 'p':
        body.push(`<p>${escapeHtml(block.text)}</p>`);
        break;
      case 'notice':
        body.push(`<p style="${STYLE.notice}">${escapeHtml(block.text)}</p>`);
        break;
      case 'heading':
        body.push(`<p style="${STYLE.heading}"><strong>${escapeHtml(block.text)}</strong></p>`);
        break;
      case 'facts':
        body.push(
          `<table style="${STYLE.table}">` +
            block.rows
              .map(
                ([label, value]) =>
                  `<tr><th style="${STYLE.head}">${escapeHtml(label)}</th><td style="${cellStyle(value)}">${escapeHtml(value)}</td></tr>`,
              )
              .join('') +
            '</table>',
        );
        break;
      case 'table':
        body.push(
          `<table style="${STYLE.table}"><thead><tr>` +
            block.headers.map((h) => `<th style="${STYLE.head}">${escapeHtml(h)}</th>`).join('') +
            '</tr></thead><tbody>' +
            block.rows
              .map(
                (row) =>
                  `<tr>${row.map((c) => `<td style="${cellStyle(c)}">${cellHtml(c)}</td>`).join('')}</tr>`,
              )
              .join('') +
            '</tbody></table>',
        );
        break;
    }
  }
  body.push(
    `<p>${doc.signOff.signature.map(escapeHtml).join('<br>')}</p>`,
    `<p style="${STYLE.note}">${escapeHtml(doc.signOff.note)}</p>`,
  );
  return (
    '<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8">' +
    `<title>${escapeHtml(oneLine(doc.subject))}</title></head>\n` +
    `<body style="${STYLE.body}">\n${body.join('\n')}\n</body></html>\n`
  );
}
