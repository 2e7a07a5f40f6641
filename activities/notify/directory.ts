import type { ContactRoleName } from '../../domain/agencies';
import type { Db } from '../../config/connections';
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
type Role = 'FOCAL_POINT' | 'HEAD' | 'SNV_DESK' | 'SNV_DIRECTOR' | 'UBND';

export function createPrismaDirectory(db: Db): Directory {
  return {
    async recipients(agencyCode, roles) {
      const upper = (r: ContactRoleName) => r.toUpperCase() as Role;
      const local = roles.filter((r) => AGENCY_ROLES.includes(r)).map(upper);
      const anywhere = roles.filter((r) => !AGENCY_ROLES.includes(r)).map(upper);
      // One query for the agency and its own contacts; a second only for the province-wide roles.
      const [agency, others] = await Promise.all([
        db.agency.findUnique({
          where: { code: agencyCode },
          select: {
            code: true,
            name: true,
            contacts: {
              where: { active: true, role: { in: local } },
              select: CONTACT,
              orderBy: [{ role: 'asc' }, { id: 'asc' }],
            },
          },
        }),
        anywhere.length === 0
          ? Promise.resolve([])
          : db.contact.findMany({
              where: { active: true, role: { in: anywhere }, agency: { active: true } },
              select: CONTACT,
              orderBy: [{ role: 'asc' }, { id: 'asc' }],
            }),
      ]);
      if (!agency) return null;
      const seen = new Set<number>();
      const contacts = [...agency.contacts, ...others]
        .sort((a, b) => a.role.localeCompare(b.role) || a.id - b.id)
        .filter((c) => !seen.has(c.id) && seen.add(c.id))
        .map(({ id, name, email, phone }) => ({ id, name, email, phone }));
      return { agency: { code: agency.code, name: agency.name }, contacts };
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
