import type { Db } from '../../config/connections';
import { kindValue, type AgencyRow, type ContactRow } from '../../domain/agencies';
import { dbDate, isoOrNull, latestName, namesOf } from '../../domain/unit-life';
import type { Prisma } from '../../prisma/generated/client';
import { insertContacts, insertUnits, type NewContact } from './unit-bulk';
import { writeName } from './unit-store';

// Writing an import file's units: upserts by code in bounded batches, each its own transaction,
// with a few statements per batch (not per unit), so that a nationwide file (3,321 communes, or
// 10,000 units) never holds one long transaction. A batch is all or nothing; an import stopped
// half-way (the database went away) leaves whole batches, and running it again finishes it.

export interface ImportSummary {
  created: number;
  updated: number;
  unchanged: number;
  contacts: number;
}

export const IMPORT_BATCH_SIZE = 500;

const roleOf = (r: string) =>
  r.toUpperCase() as 'FOCAL_POINT' | 'HEAD' | 'SNV_DESK' | 'SNV_DIRECTOR' | 'UBND';
const sameDate = (a: Date | null, b: string | null) => isoOrNull(a) === b;

/** Parents before children, so that a batch can point at a parent written by an earlier one. */
function parentsFirst(rows: AgencyRow[]): AgencyRow[] {
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const depth = (row: AgencyRow, seen = new Set<string>()): number => {
    const parent = row.parent ? byCode.get(row.parent) : undefined;
    if (!parent || seen.has(row.code)) return 0;
    seen.add(row.code);
    return 1 + depth(parent, seen);
  };
  return rows
    .map((row, index) => ({ row, index, depth: depth(row) }))
    .sort((a, b) => a.depth - b.depth || a.index - b.index)
    .map((r) => r.row);
}

/**
 * Upserts agencies by code and contacts by (agency, role, name). A row without validFrom / validTo
 * leaves them as they are; its name corrects the unit's latest name (dated renames are operations).
 * Contacts that an agency's row no longer lists are deactivated, never deleted (the log refers to them).
 */
export async function upsertAgencies(
  db: Db,
  rows: AgencyRow[],
  batchSize = IMPORT_BATCH_SIZE,
): Promise<ImportSummary> {
  const summary: ImportSummary = { created: 0, updated: 0, unchanged: 0, contacts: 0 };
  const ordered = parentsFirst(rows);
  const outside = [...new Set(ordered.flatMap((r) => (r.parent ? [r.parent] : [])))];
  const ids = new Map(
    (await db.agency.findMany({ where: { code: { in: outside } }, select: { id: true, code: true } })).map(
      (a) => [a.code, a.id],
    ),
  );
  const orphans: AgencyRow[] = [];
  for (let start = 0; start < ordered.length; start += batchSize) {
    const batch = ordered.slice(start, start + batchSize);
    await db.$transaction(
      async (tx) => {
        const unlinked = await upsertBatch(tx, batch, ids, summary);
        orphans.push(...(await linkParents(tx, unlinked, ids)));
      },
      { timeout: 60_000 },
    );
  }
  // Parents in a cycle of the file: set once every unit exists.
  if (orphans.length > 0) await db.$transaction((tx) => linkParents(tx, orphans, ids));
  return summary;
}

/** Points new units at parents created with them; returns the rows whose parent is not there yet. */
async function linkParents(
  tx: Prisma.TransactionClient,
  rows: AgencyRow[],
  ids: Map<string, number>,
): Promise<AgencyRow[]> {
  const byParent = new Map<string, string[]>();
  const later: AgencyRow[] = [];
  for (const row of rows) {
    if (!ids.has(row.parent!)) later.push(row);
    else byParent.set(row.parent!, [...(byParent.get(row.parent!) ?? []), row.code]);
  }
  for (const [parent, codes] of byParent) {
    await tx.agency.updateMany({ where: { code: { in: codes } }, data: { parentId: ids.get(parent)! } });
  }
  return later;
}

async function upsertBatch(
  tx: Prisma.TransactionClient,
  batch: AgencyRow[],
  ids: Map<string, number>,
  summary: ImportSummary,
): Promise<AgencyRow[]> {
  const existing = new Map(
    (
      await tx.agency.findMany({
        where: { code: { in: batch.map((r) => r.code) } },
        include: { names: { select: { name: true, validFrom: true } }, contacts: true },
      })
    ).map((a) => [a.code, a]),
  );
  const fields = (row: AgencyRow) => ({
    kind: kindValue(row.kind),
    officialCode: row.officialCode ?? null,
    reporting: row.reporting,
    active: row.active,
    parentId: row.parent ? (ids.get(row.parent) ?? null) : null,
  });

  const fresh = batch.filter((r) => !existing.has(r.code));
  // Rows whose parent is created with them get it once both exist (linkParents).
  const unlinked = fresh.filter((r) => r.parent && !ids.has(r.parent));
  const created = await insertUnits(tx, fresh, (r) => (r.parent ? (ids.get(r.parent) ?? null) : null));
  for (const [code, id] of created) ids.set(code, id);
  summary.created += created.size;

  for (const row of batch) {
    const before = existing.get(row.code);
    if (!before) continue;
    ids.set(row.code, before.id);
    const data = {
      ...fields(row),
      ...(row.validFrom ? { validFrom: dbDate(row.validFrom) } : {}),
      ...(row.validTo ? { validTo: dbDate(row.validTo) } : {}),
    };
    const latest = before.names.length > 0 ? latestName(namesOf(before.names)) : before.name;
    const same =
      latest === row.name &&
      before.kind === data.kind &&
      before.officialCode === data.officialCode &&
      before.reporting === data.reporting &&
      before.active === data.active &&
      before.parentId === data.parentId &&
      (!row.validFrom || sameDate(before.validFrom, row.validFrom)) &&
      (!row.validTo || sameDate(before.validTo, row.validTo));
    if (same) {
      summary.unchanged++;
      continue;
    }
    await tx.agency.update({ where: { id: before.id }, data });
    if (latest !== row.name) await correctLatestName(tx, before.id, before.names, row.name);
    summary.updated++;
  }

  await upsertContacts(tx, batch, ids, existing, summary);
  return unlinked;
}

/** A name given by a file corrects the latest name (a spelling: "Hòa"/"Hoà"), not a dated rename. */
async function correctLatestName(
  tx: Prisma.TransactionClient,
  agencyId: number,
  names: { name: string; validFrom: Date | null }[],
  name: string,
): Promise<void> {
  const latest = namesOf(names)
    .sort((a, b) => (a.validFrom ?? '').localeCompare(b.validFrom ?? ''))
    .at(-1);
  await writeName(tx, agencyId, name, latest?.validFrom ?? null, null);
}

async function upsertContacts(
  tx: Prisma.TransactionClient,
  batch: AgencyRow[],
  ids: Map<string, number>,
  existing: Map<
    string,
    {
      contacts: {
        id: number;
        role: string;
        name: string;
        email: string | null;
        phone: string | null;
        active: boolean;
      }[];
    }
  >,
  summary: ImportSummary,
): Promise<void> {
  const creates: NewContact[] = [];
  const retire: number[] = [];
  const value = (c: ContactRow) => ({ email: c.email ?? null, phone: c.phone ?? null, active: c.active });
  for (const row of batch) {
    if (!row.contacts) continue;
    const agencyId = ids.get(row.code)!;
    const current = existing.get(row.code)?.contacts ?? [];
    const keep = new Set<number>();
    for (const c of row.contacts) {
      summary.contacts++;
      const found = current.find((x) => x.role === roleOf(c.role) && x.name === c.name);
      if (!found) {
        creates.push({ agencyId, role: roleOf(c.role), name: c.name, ...value(c) });
        continue;
      }
      keep.add(found.id);
      const v = value(c);
      if (found.email !== v.email || found.phone !== v.phone || found.active !== v.active)
        await tx.contact.update({ where: { id: found.id }, data: v });
    }
    retire.push(...current.filter((x) => x.active && !keep.has(x.id)).map((x) => x.id));
  }
  await insertContacts(tx, creates);
  if (retire.length > 0)
    await tx.contact.updateMany({ where: { id: { in: retire } }, data: { active: false } });
}
