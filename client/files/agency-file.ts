import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import { agencyRowSchema, CONTACT_ROLES, type AgencyRow } from '../../domain/agencies';
import { issueField, unitChangeSchema, type UnitChange } from '../../domain/unit-changes';
import { issuePath } from '../../domain/zod-format';
import { readTextFile } from './read-text';

/** A nationwide list with every contact is a few megabytes; anything larger is not an agency file. */
export const MAX_AGENCY_FILE_BYTES = 32 * 1024 * 1024;

export interface RowError {
  line: number;
  field: string;
  message: string;
}

export interface AgencyFile {
  rows: { line: number; agency: AgencyRow }[];
  /** The `operations:` of a YAML file (found, rename, merge, split, dissolve), in file order. */
  operations: { line: number; change: UnitChange }[];
  errors: RowError[];
}

interface RawRow {
  line: number;
  value: unknown;
}

/**
 * Reads an agency file (YAML with an `agencies:` list and/or an `operations:` list of unit changes,
 * or CSV with one agency per row and `<role>_name`, `<role>_email`, `<role>_phone` columns for
 * contacts) and validates every row. Every bad row is reported with its line and field; nothing is
 * thrown for bad rows. A file with neither units nor operations is refused.
 */
export function readAgencyFile(file: string): AgencyFile {
  // Kind, presence, size, UTF-8 and emptiness first: each refused in one sentence (read-text.ts).
  const text = readTextFile(file, { extensions: ['.yaml', '.yml', '.csv'], maxBytes: MAX_AGENCY_FILE_BYTES });
  const ext = path.extname(file).toLowerCase();
  let raw: RawRow[];
  let rawOps: RawRow[] = [];
  if (ext === '.csv') raw = readCsv(text);
  else ({ rows: raw, operations: rawOps } = readYaml(text));
  if (raw.length === 0 && rawOps.length === 0) throw new Error('tệp không có đơn vị hay thay đổi nào');

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
  const operations: AgencyFile['operations'] = [];
  for (const { line, value } of rawOps) {
    const parsed = unitChangeSchema.safeParse(value);
    if (parsed.success) operations.push({ line, change: parsed.data });
    else
      for (const issue of parsed.error.issues)
        errors.push({ line, field: issueField(issue), message: issue.message });
  }
  return { rows, operations, errors };
}

function readYaml(text: string): { rows: RawRow[]; operations: RawRow[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const err = doc.errors[0]!;
    const line = lineCounter.linePos(err.pos[0]).line;
    throw new Error(`dòng ${line}: YAML không hợp lệ: ${err.message.split('\n')[0]}`);
  }
  const top = isMap(doc.contents) ? doc.contents : undefined;
  const list = top ? top.get('agencies', true) : doc.contents;
  const ops = top?.get('operations', true);
  if (top) {
    const unknown = top.items.map((p) => String((p.key as { value?: unknown })?.value ?? p.key));
    const extra = unknown.filter((k) => k !== 'agencies' && k !== 'operations');
    if (extra.length > 0)
      throw new Error(`khóa không biết: ${extra.join(', ')} (chỉ có agencies và operations)`);
  }
  if (!isSeq(list) && !isSeq(ops))
    throw new Error('tệp YAML phải có danh sách "agencies:" hoặc "operations:"');
  if ((list !== undefined && !isSeq(list)) || (ops !== undefined && ops !== null && !isSeq(ops)))
    throw new Error('"agencies:" và "operations:" phải là danh sách');
  const items = (seq: unknown): RawRow[] =>
    isSeq(seq)
      ? seq.items.map((item) => {
          const offset = (item as { range?: [number, number, number] }).range?.[0] ?? 0;
          return { line: lineCounter.linePos(offset).line, value: (item as { toJSON(): unknown }).toJSON() };
        })
      : [];
  return { rows: items(list), operations: items(ops) };
}

/** CSV column → field of the agency row. */
const AGENCY_COLUMNS: Record<string, string> = {
  code: 'code',
  official_code: 'officialCode',
  name: 'name',
  kind: 'kind',
  parent: 'parent',
  reporting: 'reporting',
  active: 'active',
  valid_from: 'validFrom',
  valid_to: 'validTo',
};
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
    ...Object.keys(AGENCY_COLUMNS),
    ...CONTACT_ROLES.flatMap((r) => CONTACT_FIELDS.map((f) => `${r}_${f}`)),
  ]);
  const unknown = header.filter((h) => !known.has(h));
  if (unknown.length > 0) throw new Error(`dòng 1: cột không biết: ${unknown.join(', ')}`);
  return records.map(({ record, info }) => {
    const agency: Record<string, unknown> = {};
    for (const [column, field] of Object.entries(AGENCY_COLUMNS))
      if (record[column] !== undefined && record[column] !== '') agency[field] = record[column];
    const contacts = CONTACT_ROLES.flatMap((role) => {
      const [name, email, phone] = CONTACT_FIELDS.map((f) => record[`${role}_${f}`] ?? '');
      return name || email || phone ? [{ role, name, email, phone }] : [];
    });
    if (contacts.length > 0) agency.contacts = contacts;
    return { line: info.lines, value: agency };
  });
}
