import fs from 'node:fs';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import { agencyRowSchema, CONTACT_ROLES, type AgencyRow } from '../../domain/agencies';
import { issuePath } from '../../domain/zod-format';

export interface RowError {
  line: number;
  field: string;
  message: string;
}

export interface AgencyFile {
  rows: { line: number; agency: AgencyRow }[];
  errors: RowError[];
}

interface RawRow {
  line: number;
  value: unknown;
}

/**
 * Reads an agency file (YAML with an `agencies:` list, or CSV with one agency per row and
 * `<role>_name`, `<role>_email`, `<role>_phone` columns for contacts) and validates every row.
 * Every bad row is reported with its line and field; nothing is thrown for bad rows.
 */
export function readAgencyFile(file: string): AgencyFile {
  const text = fs.readFileSync(file, 'utf8');
  const ext = path.extname(file).toLowerCase();
  let raw: RawRow[];
  if (ext === '.csv') raw = readCsv(text);
  else if (ext === '.yaml' || ext === '.yml') raw = readYaml(text);
  else throw new Error(`${file}: chỉ nhận tệp .yaml, .yml hoặc .csv`);

  const rows: AgencyFile['rows'] = [];
  const errors: RowError[] = [];
  const seen = new Map<string, number>();
  for (const { line, value } of raw) {
    const parsed = agencyRowSchema.safeParse(value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        errors.push({ line, field: issuePath(issue.path), message: issue.message });
      continue;
    }
    const earlier = seen.get(parsed.data.code);
    if (earlier !== undefined) {
      errors.push({ line, field: 'code', message: `mã ${parsed.data.code} đã có ở dòng ${earlier}` });
      continue;
    }
    seen.set(parsed.data.code, line);
    rows.push({ line, agency: parsed.data });
  }
  return { rows, errors };
}

function readYaml(text: string): RawRow[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const err = doc.errors[0]!;
    const line = lineCounter.linePos(err.pos[0]).line;
    throw new Error(`dòng ${line}: YAML không hợp lệ: ${err.message.split('\n')[0]}`);
  }
  const list = isMap(doc.contents) ? doc.contents.get('agencies', true) : doc.contents;
  if (!isSeq(list)) throw new Error('tệp YAML phải có danh sách "agencies:"');
  return list.items.map((item) => {
    const offset = (item as { range?: [number, number, number] }).range?.[0] ?? 0;
    return { line: lineCounter.linePos(offset).line, value: (item as { toJSON(): unknown }).toJSON() };
  });
}

const AGENCY_COLUMNS = ['code', 'name', 'kind', 'parent', 'reporting', 'active'];
const CONTACT_FIELDS = ['name', 'email', 'phone'];

function readCsv(text: string): RawRow[] {
  const records = parseCsv(text.replace(/^\uFEFF/, ''), {
    columns: true,
    skip_empty_lines: true,
    trim: true,
    info: true,
    relax_column_count: false,
  }) as { record: Record<string, string>; info: { lines: number } }[];
  const header = records.length > 0 ? Object.keys(records[0]!.record) : [];
  const known = new Set([
    ...AGENCY_COLUMNS,
    ...CONTACT_ROLES.flatMap((r) => CONTACT_FIELDS.map((f) => `${r}_${f}`)),
  ]);
  const unknown = header.filter((h) => !known.has(h));
  if (unknown.length > 0) throw new Error(`dòng 1: cột không biết: ${unknown.join(', ')}`);
  return records.map(({ record, info }) => {
    const agency: Record<string, unknown> = {};
    for (const column of AGENCY_COLUMNS)
      if (record[column] !== undefined && record[column] !== '') agency[column] = record[column];
    const contacts = CONTACT_ROLES.flatMap((role) => {
      const [name, email, phone] = CONTACT_FIELDS.map((f) => record[`${role}_${f}`] ?? '');
      return name || email || phone ? [{ role, name, email, phone }] : [];
    });
    if (contacts.length > 0) agency.contacts = contacts;
    return { line: info.lines, value: agency };
  });
}
