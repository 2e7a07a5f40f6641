import fs from 'node:fs';
import type { Db } from '../../config/connections';
import { AGENCY_KINDS, kindName, type AgencyKindName } from '../../domain/agencies';
import { vnDateOf, type IsoDate } from '../../domain/calendar/dates';
import { overlayRow } from '../../domain/unit-book';
import { isoOrNull } from '../../domain/unit-life';
import { readAgencyFile, type RowError } from '../files/agency-file';
import { upsertAgencies, type ImportSummary } from './agency-store';
import type { ServiceContext } from './context';
import { invalid, ServiceError } from './errors';
import { applyChange, bookFor, simulateChanges, type ChangeResult } from './unit-changes';
import { tellCyclesOfChange } from './unit-cycles';
import { unitsInForce } from './units';

// The reporting units and their contacts: imported from an official's file, listed on a date.

export interface ImportResult extends ImportSummary {
  agencies: number;
  /** The file's operations, in order, each applied or found already recorded. */
  changes: ChangeResult[];
}

/**
 * Loads or updates units from a YAML or CSV file, then records the file's operations in order.
 * The whole file is checked first (rows and operations, as if applied): a file with any bad row
 * or operation changes nothing. Units are written in bounded batches (see agency-store).
 */
export async function importAgencies(ctx: ServiceContext, file: string): Promise<ImportResult> {
  if (!fs.existsSync(file)) throw invalid(undefined, `không có tệp ${file}`);
  const result = await importAgencyFile(await ctx.db(), file);
  for (const change of result.changes)
    if (change.change.op === 'merge') change.cycles = await tellCyclesOfChange(ctx, change.change);
  return result;
}

/** `importAgencies` on a given database (the seed's path). */
export async function importAgencyFile(db: Db, file: string): Promise<ImportResult> {
  if (!fs.existsSync(file)) throw invalid(undefined, `không có tệp ${file}`);
  let parsed;
  try {
    parsed = readAgencyFile(file);
  } catch (err) {
    throw invalid(undefined, `${file}: ${(err as Error).message}`);
  }
  const rows = parsed.rows.map((r) => r.agency);
  const changes = parsed.operations.map((o) => o.change);
  // The units the file names, and whoever already holds an official code it gives.
  const book = await bookFor(db, changes, {
    codes: rows.flatMap((r) => [r.code, ...(r.parent ? [r.parent] : [])]),
    officialCodes: rows.flatMap((r) => (r.officialCode ? [r.officialCode] : [])),
    // Checking the file needs lives and names; each operation loads its contacts when it is written.
    contacts: false,
  });
  const errors: RowError[] = [...parsed.errors];
  const inFile = new Set(rows.map((r) => r.code));
  for (const { line, agency } of parsed.rows) {
    if (agency.parent && !inFile.has(agency.parent) && !book.units.has(agency.parent))
      errors.push({ line, field: 'parent', message: `không có đơn vị mã ${agency.parent}` });
    for (const issue of overlayRow(book, agency)) errors.push({ line, ...issue });
  }
  for (const e of simulateChanges(book, changes))
    errors.push({ line: parsed.operations[e.index]!.line, field: e.field, message: e.message });
  if (errors.length > 0) {
    errors.sort((a, b) => a.line - b.line);
    throw new ServiceError('invalid', `${errors.length} lỗi trong ${file}; không nhập dòng nào`, {
      details: errors.map((e) => `${file}:${e.line}: ${e.field}: ${e.message}`),
    });
  }
  const summary = await upsertAgencies(db, rows);
  const results: ChangeResult[] = [];
  for (const change of changes) results.push(await applyChange(db, change));
  return { ...summary, agencies: rows.length, changes: results };
}

export interface AgencyView {
  code: string;
  officialCode: string | null;
  /** Its name on the date listed (or its latest name, for `all`). */
  name: string;
  kind: AgencyKindName;
  parent: string | null;
  reporting: boolean;
  active: boolean;
  validFrom: IsoDate | null;
  validTo: IsoDate | null;
  contacts: { role: string; name: string; email: string | null; phone: string | null }[];
}

export interface AgencyList {
  /** The date listed; null for `all` (every unit ever recorded). */
  onDate: IsoDate | null;
  units: AgencyView[];
  /** How many of each kind, in the order of AGENCY_KINDS, kinds with none left out. */
  byKind: { kind: AgencyKindName; count: number }[];
  reporting: number;
}

/**
 * The units in force on `onDate` (default: today in Vietnam) with the names they had that day, or
 * with `all` every unit ever recorded; by kind then code, with their active contacts.
 */
export async function listAgencies(
  ctx: ServiceContext,
  opts: { onDate?: IsoDate; all?: boolean; contacts?: boolean },
): Promise<AgencyList> {
  const db = await ctx.db();
  const onDate = opts.all ? null : (opts.onDate ?? vnDateOf(Date.now()));
  const base: Omit<AgencyView, 'contacts'>[] = onDate
    ? (await unitsInForce(db, onDate)).map((u) => ({ ...u, active: true }))
    : (
        await db.agency.findMany({
          orderBy: [{ kind: 'asc' }, { code: 'asc' }],
          include: { parent: { select: { code: true } } },
        })
      ).map((a) => ({
        code: a.code,
        officialCode: a.officialCode,
        kind: kindName(a.kind),
        name: a.name,
        parent: a.parent?.code ?? null,
        reporting: a.reporting,
        active: a.active,
        validFrom: isoOrNull(a.validFrom),
        validTo: isoOrNull(a.validTo),
      }));
  const contacts = opts.contacts
    ? await contactsOf(
        ctx,
        base.map((u) => u.code),
      )
    : new Map();
  const units: AgencyView[] = base.map((u) => ({ ...u, contacts: contacts.get(u.code) ?? [] }));
  const byKind = AGENCY_KINDS.map((kind) => ({
    kind,
    count: units.filter((u) => u.kind === kind).length,
  })).filter((k) => k.count > 0);
  return { onDate, units, byKind, reporting: units.filter((u) => u.reporting).length };
}

async function contactsOf(
  ctx: ServiceContext,
  codes: string[],
): Promise<Map<string, AgencyView['contacts']>> {
  const db = await ctx.db();
  const rows = await db.contact.findMany({
    where: { active: true, agency: { code: { in: codes } } },
    orderBy: [{ role: 'asc' }, { name: 'asc' }],
    select: { role: true, name: true, email: true, phone: true, agency: { select: { code: true } } },
  });
  const out = new Map<string, AgencyView['contacts']>();
  for (const c of rows) {
    const list = out.get(c.agency.code) ?? [];
    list.push({ role: c.role, name: c.name, email: c.email, phone: c.phone });
    out.set(c.agency.code, list);
  }
  return out;
}
