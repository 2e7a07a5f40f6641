import { createPrismaDirectory } from '../../activities/notify/directory';
import { createReportingActivities } from '../../activities/reporting';
import type { ActivityDeps } from '../../activities/deps';
import { loadRegime } from '../../config/regimes';
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

  const regime = loadRegime('CCHC');
  /** The units a CCHC cycle of `year` Q1 enrolls when it opens on `onDate` (no date: as cycles before units had a life). */
  async function enrolled(year: number, onDate?: string): Promise<string[]> {
    const key = `CCHC-${year}-Q1`;
    const at = (iso: string) => Date.parse(`${iso}+07:00`);
    await reporting.openCycleRecord({
      workflowId: `cycle-${key}`,
      key,
      regime,
      year,
      period: 'Q1',
      drillNo: 0,
      windowStart: `${year - 1}-12-15`,
      cutoff: `${year}-03-14`,
      opensAt: at(`${year}-03-01T08:00:00`),
      agencyDueAt: at(`${year}-03-16T23:59:59`),
      provinceDueAt: at(`${year}-03-22T23:59:59`),
      consolidationAt: at(`${year}-03-19T16:00:00`),
      finalCloseAt: at(`${year + 1}-02-01T17:00:00`),
    });
    const page = await reporting.enrollUnits({
      cycleWorkflowId: `cycle-${key}`,
      reportIdPrefix: `report-${key}-`,
      participants: regime.participants,
      limit: 1000,
      dueAt: at(`${year}-03-16T23:59:59`),
      ...(onDate ? { onDate } : {}),
    });
    expect(page.done).toBe(true);
    return page.units.map((u) => u.code);
  }

  it('a 2027 cycle: today’s reporting units only, no district of 2022', async () => {
    const codes = await enrolled(2027, '2027-03-01');
    const kinds = await database.db.agency.findMany({
      where: { code: { in: codes } },
      select: { kind: true },
      distinct: ['kind'],
    });
    expect(codes).not.toContain('H_LAPVO_DT');
    expect(codes.filter((c) => c.endsWith('_DT'))).toEqual([]);
    expect(kinds.map((k) => k.kind)).not.toContain('DISTRICT');
    // 116 units in force, of which UBND tỉnh does not report.
    expect(codes).toHaveLength(115);
    expect(codes).toEqual(expect.arrayContaining(['SNV', 'STP', 'X_BASAO']));
    // Every unit enrolled has its mirror row before its workflow starts.
    expect(
      await database.db.cycleAgency.count({ where: { workflowId: { startsWith: 'report-CCHC-2027-Q1-' } } }),
    ).toBe(115);
  });

  it('a 2024 cycle: the former province’s units, districts included', async () => {
    const codes = await enrolled(2024, '2024-03-01');
    expect(codes).toContain('H_LAPVO_DT');
    expect(codes.every((c) => c.endsWith('_DT'))).toBe(true);
    expect(codes).toHaveLength(31);
  });

  it('a cycle recorded without an opening date enrolls the units in force on its due day', async () => {
    const codes = await enrolled(2026);
    expect(codes).toHaveLength(115);
    expect(codes.filter((c) => c.endsWith('_DT'))).toEqual([]);
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
