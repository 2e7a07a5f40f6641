import { applyChange, parseChange } from '../../client/services/unit-changes';
import { successorChain, unitsInForce } from '../../client/services/units';
import { seed } from '../../prisma/seed';
import { freshDatabase } from '../support/db';

// The queries the workflows need (the units that report on a date; who carries a unit's
// obligations), and a change recorded by two officials at once, on the seeded province.

describe('units for the workflows (real PostgreSQL)', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;

  beforeAll(async () => {
    database = await freshDatabase();
    await seed(database.db);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('gives the workflows the units that report on a date, by kind, with exceptions', async () => {
    const departments = await unitsInForce(database.db, '2026-06-01', {
      kinds: ['department'],
      except: ['SNV'],
      reporting: true,
    });
    expect(departments.map((u) => u.code)).toEqual([
      ...['BQLKKT', 'SCT', 'SGDDT', 'SKHCN', 'SNNMT', 'STC', 'STP', 'SVHTTDL', 'SXD', 'SYT', 'TTT', 'VPUBND'],
    ]);
    const june2025 = await unitsInForce(database.db, '2025-06-30', { reporting: true });
    expect(june2025).toHaveLength(31);
    expect(await unitsInForce(database.db, '2025-06-30', { reporting: false })).toMatchObject([
      { code: 'UBND_TINH_DT', kind: 'province' },
    ]);
  });

  it('records a change once when two officials record it at the same moment', async () => {
    const change = parseChange({
      op: 'merge',
      date: '2026-04-01',
      from: ['X_BASAO', 'X_BINHNINH'],
      into: 'X_BASAO_BN',
      name: 'Xã Ba Sao Bình Ninh',
      kind: 'xa',
    });
    const results = await Promise.all([applyChange(database.db, change), applyChange(database.db, change)]);
    expect(results.map((r) => r.status).sort()).toEqual(['applied', 'unchanged']);
    expect(await database.db.unitChange.count({ where: { key: results[0]!.key } })).toBe(1);
    expect(await database.db.agencySuccession.count({ where: { successor: { code: 'X_BASAO_BN' } } })).toBe(
      2,
    );
    expect(await database.db.contact.count({ where: { agency: { code: 'X_BASAO_BN' } } })).toBe(4);
  });

  it('follows the successor chain for obligations', async () => {
    expect(await successorChain(database.db, 'SLDTBXH_DT', '2026-06-01')).toEqual({
      code: 'SLDTBXH_DT',
      onDate: '2026-06-01',
      holders: ['SNV'],
      steps: [{ date: '2025-07-01', change: 'merge', from: 'SLDTBXH_DT', to: ['SNV'] }],
    });
    expect((await successorChain(database.db, 'SLDTBXH_DT', '2025-06-30')).holders).toEqual(['SLDTBXH_DT']);
    expect((await successorChain(database.db, 'H_LAPVO_DT', '2026-06-01')).holders).toEqual([]);
    await expect(successorChain(database.db, 'NOPE', '2026-06-01')).rejects.toMatchObject({ field: 'code' });
  });
});
