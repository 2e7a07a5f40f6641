import { spawn } from 'node:child_process';
import path from 'node:path';
import { freshDatabase } from '../support/db';

// A long listing read through a pipe by a slow reader (`cchc agencies list | less`, `| grep …`)
// arrives whole: the CLI exits only once its output is written out. 3,000 units give ~300 KB,
// several times what a pipe holds, and the reader starts only after the CLI has written it all.

const cliBinary = path.join(__dirname, '..', '..', 'bin', 'cchc.js');
const UNITS = 3_000;

describe('cchc output through a pipe (real PostgreSQL)', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;

  beforeAll(async () => {
    database = await freshDatabase();
    await database.db.agency.createMany({
      data: Array.from({ length: UNITS }, (_, i) => ({
        code: `X_${String(i).padStart(5, '0')}`,
        name: `Xã thử nghiệm số ${i} (đơn vị giả định để đo)`,
        kind: 'XA' as const,
      })),
    });
  });
  afterAll(async () => {
    await database?.drop();
  });

  /** Runs the CLI; its stdout is read only after it said on stderr that it is done (or after it exited). */
  function throughSlowPipe(args: string[]): Promise<{ code: number | null; out: string }> {
    const child = spawn(process.execPath, [cliBinary, ...args], {
      env: { ...process.env, CCHC_DEV_ENV: 'off', DATABASE_URL: database.url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.pause();
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let code: number | null = null;
      let pending = 2;
      const settle = () =>
        --pending === 0 ? resolve({ code, out: Buffer.concat(chunks).toString() }) : undefined;
      child.on('error', reject);
      child.stdout.on('data', (c: Buffer) => chunks.push(c));
      child.stdout.on('end', settle);
      // The reader wakes up once the process is gone or has filled the pipe and stalled a moment.
      const wake = setTimeout(() => child.stdout.resume(), 3_000);
      child.on('exit', (c) => {
        code = c;
        clearTimeout(wake);
        child.stdout.resume();
        settle();
      });
    });
  }

  it('agencies list: every line of 3,000 units arrives, the total line last', async () => {
    const { code, out } = await throughSlowPipe(['agencies', 'list', '--on', '2026-12-01']);
    expect(code).toBe(0);
    const lines = out.trimEnd().split('\n');
    expect(lines.filter((l) => l.startsWith('X_'))).toHaveLength(UNITS);
    expect(Buffer.byteLength(out)).toBeGreaterThan(200_000);
    expect(lines.at(-1)).toMatch(/3000|3\.000/);
  }, 60_000);

  it('agencies list --json: the whole document parses', async () => {
    const { code, out } = await throughSlowPipe(['agencies', 'list', '--on', '2026-12-01', '--json']);
    expect(code).toBe(0);
    const text = JSON.stringify(JSON.parse(out));
    expect(text.match(/"code":"X_\d{5}"/g)).toHaveLength(UNITS);
  }, 60_000);
});
