import { spawn } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { createPgMarker, MARKER_APPLICATION_NAME } from '../../activities/notify/marker';
import type { Db } from '../../config/connections';
import { freshDatabase } from '../support/db';

// The connections an email's transmission is recorded on: the statement leaves the process in the
// call that submits it (a worker killed right after still has it applied), only the claim's holder
// marks, a pool of bounded size, and a connection lost while idle is replaced.

const ROOT = path.resolve(__dirname, '..', '..');

async function claimedRow(db: Db, key: string): Promise<number> {
  const row = await db.notification.create({
    data: {
      idempotencyKey: key,
      channel: 'EMAIL',
      purpose: 'REPORT_REMINDER',
      workflowId: 'report-marker-test',
      agencyCode: 'STP',
      recipient: 'daumoi.stp@dongthap.example',
      attempts: 2,
      claimedUntil: new Date(Date.now() + 60_000),
    },
  });
  return row.id;
}

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the transmission marker', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => {
    database = await freshDatabase();
  });
  afterAll(() => database.drop());

  const transmittedAt = (id: number) =>
    database.db.notification.findUniqueOrThrow({ where: { id } }).then((r) => r.transmittedAt);

  it('has the mark applied although the process is SIGKILLed the instant after submitting it', async () => {
    const id = await claimedRow(database.db, 'marker-kill');
    // The worker's case: submit, then the very next thing is death (no tick for anything queued).
    const script = `
      const { createPgMarker } = require('./activities/notify/marker');
      createPgMarker(process.env.URL).slot().then((slot) => {
        slot.submit(${id}, 2);
        process.kill(process.pid, 'SIGKILL');
      });`;
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', '-e', script], {
      cwd: ROOT,
      env: { ...process.env, URL: database.url },
      stdio: 'ignore',
    });
    const signal = await new Promise((resolve) => child.on('exit', (_code, sig) => resolve(sig)));
    expect(signal).toBe('SIGKILL');
    expect(
      await until(
        () => transmittedAt(id),
        (t) => t !== null,
      ),
    ).toEqual(expect.any(Date));
  });

  it('marks only for the claim that holds the row', async () => {
    const marker = createPgMarker(database.url);
    try {
      const id = await claimedRow(database.db, 'marker-claim');
      expect(await (await marker.slot()).submit(id, 1)).toBe(false);
      expect(await transmittedAt(id)).toBeNull();
      expect(await (await marker.slot()).submit(id, 2)).toBe(true);
      expect(await transmittedAt(id)).toEqual(expect.any(Date));
    } finally {
      await marker.close();
    }
  });

  it('holds at most `size` connections: a slot waits for one given back, and gives up with its attempt', async () => {
    const marker = createPgMarker(database.url, 1);
    try {
      const first = await marker.slot();
      let second: Awaited<ReturnType<typeof marker.slot>> | undefined;
      const waiting = marker.slot().then((s) => (second = s));
      const aborted = new AbortController();
      const third = marker.slot(aborted.signal);
      aborted.abort();
      await expect(third).rejects.toThrow(/stopped/);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(second).toBeUndefined();
      first.cancel();
      await waiting;
      const id = await claimedRow(database.db, 'marker-bounded');
      expect(await second!.submit(id, 2)).toBe(true);
    } finally {
      await marker.close();
    }
  });

  it('replaces a connection the database closed while it was idle', async () => {
    const marker = createPgMarker(database.url, 1);
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    try {
      const id = await claimedRow(database.db, 'marker-lost');
      (await marker.slot()).cancel();
      await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE datname = current_database() AND application_name = $1`,
        [MARKER_APPLICATION_NAME],
      );
      // Whichever connection it gets, the mark lands (a dead one is retired, a new one opened).
      const mark = async (): Promise<boolean> => (await marker.slot()).submit(id, 2).catch(() => mark());
      expect(await mark()).toBe(true);
    } finally {
      await admin.end();
      await marker.close();
    }
  });
});
