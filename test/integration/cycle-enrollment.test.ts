import { createPrismaDirectory } from '../../activities/notify/directory';
import { createReportingActivities } from '../../activities/reporting';
import type { ActivityDeps } from '../../activities/deps';
import { seed } from '../../prisma/seed';
import { freshDatabase } from '../support/db';

// The seeded province holds both sets of units: today's (since 1/7/2025) and the former Đồng
// Tháp's, which ended on 30/6/2025. A cycle enrolls the units in force on its opening date that
// report, and the Sở Nội vụ and UBND roles are held by units in force (real PostgreSQL).

describe('units a cycle enrolls and the roles it reaches (real PostgreSQL, seeded province)', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let reporting: ReturnType<typeof createReportingActivities>;

  beforeAll(async () => {
    database = await freshDatabase();
    await seed(database.db);
    // As if an official had left the former Sở Nội vụ's desk switched on: only its life stops it.
    await database.db.contact.updateMany({
      where: { agency: { code: 'SNV_DT' }, role: { in: ['SNV_DESK', 'SNV_DIRECTOR'] } },
      data: { active: true },
    });
    const now = () => new Date('2026-12-01T03:00:00Z');
    reporting = createReportingActivities({ db: database.db, now } as unknown as ActivityDeps);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('a 2027 cycle: today’s reporting units only, no district of 2022', async () => {
    const r = await reporting.listReportingAgencies({ onDate: '2027-03-01' });
    const kinds = await database.db.agency.findMany({
      where: { code: { in: r.agencyCodes } },
      select: { kind: true },
      distinct: ['kind'],
    });
    expect(r.agencyCodes).not.toContain('H_LAPVO_DT');
    expect(r.agencyCodes.filter((c) => c.endsWith('_DT'))).toEqual([]);
    expect(kinds.map((k) => k.kind)).not.toContain('DISTRICT');
    // 116 units in force, of which UBND tỉnh does not report.
    expect(r.agencyCodes).toHaveLength(115);
    expect(r.agencyCodes).toEqual(expect.arrayContaining(['SNV', 'STP', 'X_BASAO']));
    expect(r).toMatchObject({ snvAgencyCode: 'SNV', ubndAgencyCode: 'UBND_TINH' });
  });

  it('a 2024 cycle started today: the former province’s units, the roles of today’s units', async () => {
    const r = await reporting.listReportingAgencies({ onDate: '2024-03-01' });
    expect(r.agencyCodes).toContain('H_LAPVO_DT');
    expect(r.agencyCodes.every((c) => c.endsWith('_DT'))).toBe(true);
    expect(r.agencyCodes).toHaveLength(31);
    // Its messages go out today: Phòng CCHC and UBND tỉnh are today's, not the former province's.
    expect(r).toMatchObject({ snvAgencyCode: 'SNV', ubndAgencyCode: 'UBND_TINH' });
  });

  it('a cycle started before units had a life (no date) gets today’s units', async () => {
    const r = await reporting.listReportingAgencies();
    expect(r.agencyCodes).toHaveLength(115);
    expect(r.agencyCodes.filter((c) => c.endsWith('_DT'))).toEqual([]);
  });

  it('roles held anywhere reach the units in force on the day of sending', async () => {
    const desk = async (today: string) =>
      (await createPrismaDirectory(database.db, () => today).recipients('STP', ['snv_desk']))!.contacts;
    const holders = async (today: string) => {
      const ids = (await desk(today)).map((c) => c.id);
      const rows = await database.db.contact.findMany({
        where: { id: { in: ids } },
        select: { agency: { select: { code: true } } },
      });
      return rows.map((c) => c.agency.code);
    };
    expect(await holders('2027-03-17')).toEqual(['SNV']);
    expect(await holders('2024-03-17')).toEqual(['SNV_DT']);
  });
});
