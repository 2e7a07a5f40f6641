import path from 'node:path';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { readTextFile, TextFileError } from './read-text';

// A year's calendar file as an official publishes it (YAML or JSON, the shape of
// domain/calendar/data/<year>.json): read within a size bound, and each problem later found in it
// placed on its line (`2027.yaml:14: daysOff[2].from: …`).

/** A published year is a few kilobytes; anything this large is not a calendar file. */
export const MAX_CALENDAR_FILE_BYTES = 256 * 1024;

/** A file that cannot be read at all: one line naming the file. */
export class CalendarFileReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CalendarFileReadError';
  }
}

export interface CalendarFile {
  file: string;
  /** The parsed contents, unchecked. */
  raw: unknown;
  /** `file:line: field: message` for an issue written `field: message` (`file: message` without a field). */
  place(issue: string): string;
}

/** `daysOff[2].from` → ['daysOff', 2, 'from']. */
function pathOf(field: string): (string | number)[] {
  return [...field.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]!));
}

function lineOf(doc: Document.Parsed, lines: LineCounter, at: (string | number)[]): number {
  for (let depth = at.length; depth > 0; depth--) {
    const node = doc.getIn(at.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) return lines.linePos(node.range[0]).line;
  }
  return 0;
}

export function readCalendarFile(file: string): CalendarFile {
  const ext = path.extname(file).toLowerCase();
  let text: string;
  try {
    // Kind, presence, size, UTF-8 and emptiness, each refused in one sentence (read-text.ts).
    text = readTextFile(file, { extensions: ['.yaml', '.yml', '.json'], maxBytes: MAX_CALENDAR_FILE_BYTES });
  } catch (err) {
    if (err instanceof TextFileError) throw new CalendarFileReadError(`${file}: ${err.message}`);
    throw err;
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  let raw: unknown;
  if (ext === '.json') {
    try {
      raw = JSON.parse(text);
    } catch (err) {
      throw new CalendarFileReadError(
        `${file}: không đọc được JSON: ${(err as Error).message.split('\n')[0]}`,
      );
    }
  } else {
    const err = doc.errors[0];
    if (err)
      throw new CalendarFileReadError(
        `${file}:${lines.linePos(err.pos[0]).line}: YAML không hợp lệ: ${err.message.split('\n')[0]}`,
      );
    raw = doc.toJS({ maxAliasCount: 50 }) as unknown;
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw new CalendarFileReadError(
      `${file}: lịch nghỉ của một năm phải là một đối tượng (các khóa year, confirmed, notices, daysOff, workingDays)`,
    );
  const located = doc.errors.length === 0;
  return {
    file,
    raw,
    place(issue) {
      const m = /^([A-Za-z]+(?:\[\d+\]|\.[A-Za-z]+)*): /.exec(issue);
      const line = m && located ? lineOf(doc, lines, pathOf(m[1]!)) : 0;
      return `${file}${line ? `:${line}` : ''}: ${issue}`;
    },
  };
}
