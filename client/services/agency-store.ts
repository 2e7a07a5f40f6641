import type { Db } from '../../config/connections';
import type { AgencyRow } from '../../domain/agencies';
import type { RowError } from '../files/agency-file';

export interface ImportSummary {
  created: number;
  updated: number;
  unchanged: number;
  contacts: number;
}

const kindOf = (k: AgencyRow['kind']) =>
  k.toUpperCase() as 'PROVINCE' | 'DEPARTMENT' | 'DISTRICT' | 'COMMUNE';
const roleOf = (r: string) =>
  r.toUpperCase() as 'FOCAL_POINT' | 'HEAD' | 'SNV_DESK' | 'SNV_DIRECTOR' | 'UBND';

/** Parent codes must name an agency in the file or already in the database. */
export async function checkParents(db: Db, rows: { line: number; agency: AgencyRow }[]): Promise<RowError[]> {
  const inFile = new Set(rows.map((r) => r.agency.code));
  const wanted = [
    ...new Set(
      rows.flatMap((r) => (r.agency.parent && !inFile.has(r.agency.parent) ? [r.agency.parent] : [])),
    ),
  ];
  const known = new Set(
    (await db.agency.findMany({ where: { code: { in: wanted } }, select: { code: true } })).map(
      (a) => a.code,
    ),
  );
  return rows.flatMap(({ line, agency }) =>
    agency.parent && !inFile.has(agency.parent) && !known.has(agency.parent)
      ? [{ line, field: 'parent', message: `không có đơn vị mã ${agency.parent}` }]
      : [],
  );
}

/**
 * Upserts agencies by code and contacts by (agency, role, name), all in one transaction.
 * Contacts that an agency's row no longer lists are deactivated, never deleted (the log refers to them).
 */
export async function upsertAgencies(db: Db, rows: AgencyRow[]): Promise<ImportSummary> {
  return db.$transaction(
    async (tx) => {
      const summary: ImportSummary = { created: 0, updated: 0, unchanged: 0, contacts: 0 };
      const ids = new Map<string, number>();
      // Two passes so that a parent later in the file is there before its children point at it.
      for (const row of rows) {
        const data = { name: row.name, kind: kindOf(row.kind), reporting: row.reporting, active: row.active };
        const existing = await tx.agency.findUnique({ where: { code: row.code } });
        if (!existing) {
          ids.set(row.code, (await tx.agency.create({ data: { code: row.code, ...data } })).id);
          summary.created++;
        } else {
          ids.set(row.code, existing.id);
          const same =
            existing.name === data.name &&
            existing.kind === data.kind &&
            existing.reporting === data.reporting &&
            existing.active === data.active;
          if (!same) await tx.agency.update({ where: { id: existing.id }, data });
          if (same) summary.unchanged++;
          else summary.updated++;
        }
      }
      for (const row of rows) {
        const id = ids.get(row.code)!;
        const parentId = row.parent
          ? (ids.get(row.parent) ?? (await tx.agency.findUniqueOrThrow({ where: { code: row.parent } })).id)
          : null;
        await tx.agency.update({ where: { id }, data: { parentId } });
        if (!row.contacts) continue;
        const keep: number[] = [];
        for (const c of row.contacts) {
          const contact = await tx.contact.upsert({
            where: { agencyId_role_name: { agencyId: id, role: roleOf(c.role), name: c.name } },
            create: {
              agencyId: id,
              role: roleOf(c.role),
              name: c.name,
              email: c.email ?? null,
              phone: c.phone ?? null,
              active: c.active,
            },
            update: { email: c.email ?? null, phone: c.phone ?? null, active: c.active },
          });
          keep.push(contact.id);
          summary.contacts++;
        }
        await tx.contact.updateMany({
          where: { agencyId: id, id: { notIn: keep } },
          data: { active: false },
        });
      }
      return summary;
    },
    { timeout: 60_000 },
  );
}
