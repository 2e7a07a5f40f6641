import type { ContactRoleName } from '../../domain/agencies';
import type { Db } from '../../config/connections';
import { vnDateOf, type IsoDate } from '../../domain/calendar/dates';
import { unitsInForceWhere } from '../../domain/unit-life';
import { BEFORE_SENDING, batched } from './batch';
import { prismaNotifySql, type NotifySql } from './sql';
import type { ChannelContact } from '../channels';

// Who is told: contacts looked up at send time (workflows carry roles and codes only).

/** focal_point and head are the agency's own; the others are held anywhere (Sở Nội vụ, UBND). */
const AGENCY_ROLES: ContactRoleName[] = ['focal_point', 'head'];

export interface Directory {
  /** The agency and the active contacts with `roles`, ordered by role then id; null if no such agency. */
  recipients(
    agencyCode: string,
    roles: ContactRoleName[],
  ): Promise<{ agency: { code: string; name: string }; contacts: ChannelContact[] } | null>;
  agencyNames(codes: string[]): Promise<Map<string, string>>;
}

const CONTACT = { id: true, name: true, email: true, phone: true, role: true } as const;
/** The order of the ContactRole enum: recipients are listed by role, then by id. */
const ROLE_ORDER = ['FOCAL_POINT', 'HEAD', 'SNV_DESK', 'SNV_DIRECTOR', 'UBND'] as const;
type Role = (typeof ROLE_ORDER)[number];
type Row = ChannelContact & { role: Role };

type OwnRow = Omit<Row, 'id'> & { id: number | null; agencyCode: string; agencyName: string };

/** `today`: the Vietnam date of a send; the roles held anywhere are those of units in force that day. */
export function createPrismaDirectory(
  db: Db,
  today: () => IsoDate = () => vnDateOf(Date.now()),
  sql: NotifySql = prismaNotifySql(db),
): Directory {
  // The agencies' own contacts, for every call waiting at once, in one statement on the per-message
  // connections; each call then keeps its agency and roles.
  const own = batched<{ agencyCode: string; roles: Role[] }, OwnRow[]>(async (calls) => {
    const roles = [...new Set(calls.flatMap((c) => c.roles))];
    const codes = [...new Set(calls.map((c) => c.agencyCode))];
    const rows = await sql.query<OwnRow>(
      `SELECT a."code" AS "agencyCode", a."name" AS "agencyName", c."id", c."name", c."email", c."phone",
             c."role"::text AS "role"
      FROM "Agency" a
      LEFT JOIN "Contact" c ON c."agencyId" = a."id" AND c."active" AND c."role"::text = ANY($1::text[])
      WHERE a."code" = ANY($2::text[])`,
      [roles, codes],
    );
    return calls.map((call) =>
      rows
        .filter((r) => r.agencyCode === call.agencyCode)
        .map((r) => (r.id !== null && call.roles.includes(r.role) ? r : { ...r, id: null })),
    );
  }, BEFORE_SENDING);

  return {
    async recipients(agencyCode, roles) {
      const upper = (r: ContactRoleName) => r.toUpperCase() as Role;
      const local = roles.filter((r) => AGENCY_ROLES.includes(r)).map(upper);
      const anywhere = roles.filter((r) => !AGENCY_ROLES.includes(r)).map(upper);
      const [mine, others] = await Promise.all([
        own({ agencyCode, roles: local }),
        anywhere.length === 0
          ? Promise.resolve([])
          : db.contact.findMany({
              where: { active: true, role: { in: anywhere }, agency: unitsInForceWhere(today()) },
              select: CONTACT,
              orderBy: [{ role: 'asc' }, { id: 'asc' }],
            }),
      ]);
      const agency = mine[0];
      if (!agency) return null;
      const seen = new Set<number>();
      const contacts = [...mine.filter((c): c is OwnRow & Row => c.id !== null), ...others]
        .sort((a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role) || a.id - b.id)
        .filter((c) => !seen.has(c.id) && seen.add(c.id))
        .map(({ id, name, email, phone }) => ({ id, name, email, phone }));
      return { agency: { code: agency.agencyCode, name: agency.agencyName }, contacts };
    },
    async agencyNames(codes) {
      if (codes.length === 0) return new Map();
      const rows = await db.agency.findMany({
        where: { code: { in: codes } },
        select: { code: true, name: true },
      });
      return new Map(rows.map((r) => [r.code, r.name]));
    },
  };
}
