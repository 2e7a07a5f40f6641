import { kindValue, type AgencyRow } from '../../domain/agencies';
import type { Prisma } from '../../prisma/generated/client';

// Bulk inserts for imports: one statement per table and batch, the rows passed as arrays and
// spread by unnest(). Prisma's createMany spends about a millisecond of client CPU per row, which
// is most of a nationwide import's time; PostgreSQL takes the same rows in a few milliseconds.

type Tx = Prisma.TransactionClient;

/** New units; returns their ids by code. */
export async function insertUnits(
  tx: Tx,
  rows: AgencyRow[],
  parentIdOf: (row: AgencyRow) => number | null,
): Promise<Map<string, number>> {
  if (rows.length === 0) return new Map();
  const col = <T>(f: (r: AgencyRow) => T) => rows.map(f);
  const created = await tx.$queryRaw<{ id: number; code: string }[]>`
    INSERT INTO "Agency" ("code", "name", "kind", "officialCode", "reporting", "active",
                          "validFrom", "validTo", "parentId", "updatedAt")
    SELECT t.code, t.name, t.kind::"AgencyKind", t.official, t.reporting, t.active,
           t.valid_from::date, t.valid_to::date, t.parent, now()
    FROM unnest(${col((r) => r.code)}::text[], ${col((r) => r.name)}::text[],
                ${col((r) => kindValue(r.kind))}::text[], ${col((r) => r.officialCode ?? null)}::text[],
                ${col((r) => r.reporting)}::boolean[], ${col((r) => r.active)}::boolean[],
                ${col((r) => r.validFrom ?? null)}::text[], ${col((r) => r.validTo ?? null)}::text[],
                ${col(parentIdOf)}::int[])
      AS t(code, name, kind, official, reporting, active, valid_from, valid_to, parent)
    RETURNING "id", "code"`;
  const ids = new Map(created.map((r) => [r.code, r.id]));
  await tx.$executeRaw`
    INSERT INTO "AgencyName" ("agencyId", "name", "validFrom")
    SELECT t.id, t.name, NULL FROM unnest(${rows.map((r) => ids.get(r.code)!)}::int[], ${col((r) => r.name)}::text[])
      AS t(id, name)`;
  return ids;
}

export interface NewContact {
  agencyId: number;
  role: string;
  name: string;
  email: string | null;
  phone: string | null;
  active: boolean;
}

export async function insertContacts(tx: Tx, contacts: NewContact[]): Promise<void> {
  if (contacts.length === 0) return;
  const col = <T>(f: (c: NewContact) => T) => contacts.map(f);
  await tx.$executeRaw`
    INSERT INTO "Contact" ("agencyId", "role", "name", "email", "phone", "active", "updatedAt")
    SELECT t.agency, t.role::"ContactRole", t.name, t.email, t.phone, t.active, now()
    FROM unnest(${col((c) => c.agencyId)}::int[], ${col((c) => c.role)}::text[], ${col((c) => c.name)}::text[],
                ${col((c) => c.email)}::text[], ${col((c) => c.phone)}::text[], ${col((c) => c.active)}::boolean[])
      AS t(agency, role, name, email, phone, active)`;
}
