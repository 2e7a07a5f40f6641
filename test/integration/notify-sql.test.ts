import { spawn } from 'node:child_process';
import path from 'node:path';
import { createPrismaOutbox, type NewOutboxRow } from '../../activities/notify/outbox';
import { createPgNotifySql, NOTIFY_SQL_APPLICATION_NAME, prismaNotifySql } from '../../activities/notify/sql';
import { freshDatabase } from '../support/db';

// The per-message statements on the worker's own `pg` pool read and write the same instants as
// Prisma does, whatever the process's time zone (Prisma's DateTime columns hold UTC without a zone),
// and give the same rows as the Prisma fallback.

const ROOT = path.resolve(__dirname, '..', '..');

const row = (key: string, at: Date): NewOutboxRow => ({
  idempotencyKey: key,
  channel: 'EMAIL',
  purpose: 'REPORT_REMINDER',
  workflowId: 'report-sql-test',
  agencyCode: 'STP',
  contactId: 1,
  recipient: 'daumoi.stp@dongthap.example',
  subject: 'Nhắc báo cáo',
  body: 'Nội dung',
  status: 'PENDING',
  attempts: 1,
  notBefore: at,
  claimedUntil: new Date(at.getTime() + 90_000),
  lastError: null,
});

/** Inserts a row and records it sent on the pool, in a process whose time zone is `tz`; prints what the pool read back. */
function inZone(
  tz: string,
  url: string,
  key: string,
  at: Date,
  sentAt: Date,
): Promise<Record<string, string>> {
  const script = `
    const { createPgNotifySql } = require('./activities/notify/sql');
    const { createPrismaOutbox } = require('./activities/notify/outbox');
    const { createDb } = require('./config/connections');
    (async () => {
      const db = createDb(process.env.URL);
      const sql = createPgNotifySql(process.env.URL);
      const outbox = createPrismaOutbox(db, { sql });
      const [r] = await outbox.insert([JSON.parse(process.env.ROW, (k, v) =>
        k === 'notBefore' || k === 'claimedUntil' ? new Date(v) : v)]);
      await outbox.recordSent(r.id, new Date(process.env.SENT_AT), '<m@x>');
      process.stdout.write(JSON.stringify({ offset: String(new Date(2026, 0, 1).getTimezoneOffset()),
        notBefore: r.notBefore.toISOString(), claimedUntil: r.claimedUntil.toISOString() }));
      await sql.close();
      await db.$disconnect();
    })().catch((e) => { console.error(e); process.exit(1); });`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', '-e', script], {
      cwd: ROOT,
      env: {
        ...process.env,
        TZ: tz,
        URL: url,
        ROW: JSON.stringify(row(key, at)),
        SENT_AT: sentAt.toISOString(),
      },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out) as Record<string, string>) : reject(new Error(err)),
    );
  });
}

describe("notify's own connections", () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => {
    database = await freshDatabase();
  });
  afterAll(() => database.drop());

  it.each([
    ['Asia/Ho_Chi_Minh', '-420'],
    ['America/New_York', '300'],
    ['UTC', '0'],
  ])('writes and reads instants as Prisma does with the process in %s', async (tz, offset) => {
    const at = new Date('2026-03-14T02:30:15.123Z');
    const sentAt = new Date('2026-03-14T02:31:00.456Z');
    const read = await inZone(tz, database.url, `sql-${tz}`, at, sentAt);
    expect(read.offset).toBe(offset); // the child really ran in that zone
    // Read back on the pool: the instants written, not shifted by the zone's offset.
    expect(read).toMatchObject({ notBefore: at.toISOString(), claimedUntil: '2026-03-14T02:31:45.123Z' });
    // And Prisma, which every other reader uses, sees the same instants (the acceptance cleared notBefore).
    const stored = await database.db.notification.findUniqueOrThrow({
      where: { idempotencyKey: `sql-${tz}` },
    });
    expect(stored).toMatchObject({ status: 'SENT', providerId: '<m@x>', notBefore: null });
    expect(stored.claimedUntil?.toISOString()).toBe('2026-03-14T02:31:45.123Z');
    expect(stored.sentAt?.toISOString()).toBe(sentAt.toISOString());
  });
  it('gives the same rows as the statements through Prisma, on connections named in pg_stat_activity', async () => {
    const sql = createPgNotifySql(database.url);
    try {
      const at = new Date('2026-03-15T01:00:00.000Z');
      const viaPool = await createPrismaOutbox(database.db, { sql }).insert([row('sql-pool', at)]);
      const viaPrisma = await createPrismaOutbox(database.db, { sql: prismaNotifySql(database.db) }).insert([
        row('sql-prisma', at),
      ]);
      const shape = (r: (typeof viaPool)[number]) => ({ ...r, id: 0, idempotencyKey: '' });
      expect(viaPool.map(shape)).toEqual(viaPrisma.map(shape));
      // A key already there is left alone and not returned.
      expect(await createPrismaOutbox(database.db, { sql }).insert([row('sql-pool', at)])).toEqual([]);
      const names = await sql.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1',
        [NOTIFY_SQL_APPLICATION_NAME],
      );
      expect(names[0]!.n).toBeGreaterThanOrEqual(1);
    } finally {
      await sql.close();
    }
  });
  it('inserts more rows than one statement holds, and gives each call the rows it was first to ask for', async () => {
    const sql = createPgNotifySql(database.url);
    try {
      const outbox = createPrismaOutbox(database.db, { sql });
      const at = new Date('2026-03-16T01:00:00.000Z');
      // 4,500 rows: three statements of at most 2,000 (65,535 parameters at 14 per row).
      const many = Array.from({ length: 4_500 }, (_, i) => row(`sql-many-${i}`, at));
      // Two calls in the same tick share the insert; the key both ask for goes to the first.
      const [first, second] = await Promise.all([
        outbox.insert(many),
        outbox.insert([row('sql-many-4499', at), row('sql-other', at)]),
      ]);
      expect(first.map((r) => r.idempotencyKey).sort()).toEqual(many.map((r) => r.idempotencyKey).sort());
      expect(second.map((r) => r.idempotencyKey)).toEqual(['sql-other']);
      expect(
        await database.db.notification.count({ where: { idempotencyKey: { startsWith: 'sql-many-' } } }),
      ).toBe(4_500);
    } finally {
      await sql.close();
    }
  });
});
