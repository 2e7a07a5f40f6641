import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../scripts/lib/ports';
import { runCli } from '../support/cli';

const root = path.resolve(__dirname, '..', '..');

/** `npm run dev` as a person runs it, on ports of its own and a fresh data folder. */
function startDev(env: Record<string, string>): {
  child: ChildProcess;
  output: () => string;
  ready: Promise<void>;
  exited: Promise<void>;
} {
  const clean = { ...process.env };
  for (const k of ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'TEMPORAL_NAMESPACE', 'SMTP_HOST', 'SMTP_PORT'])
    delete clean[k];
  const child = spawn('npm', ['run', 'dev'], {
    cwd: root,
    env: { ...clean, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so that ctrlC() reaches every process like a terminal's Ctrl-C
  });
  let out = '';
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.includes('Ctrl-C stops everything')) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`npm run dev exited (${code}) before it was ready:\n${out}`)),
    );
  });
  // 'close': every process holding the output has gone, not just npm (which itself dies of the SIGINT).
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  return { child, output: () => out, ready, exited };
}

/** What Ctrl-C in a terminal does: SIGINT to the whole foreground process group. */
const ctrlC = (child: ChildProcess) => process.kill(-child.pid!, 'SIGINT');

describe('npm run dev', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-dev-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('starts everything, prints the URLs, serves the CLI and the Web UI, stops on Ctrl-C and reuses its data', async () => {
    const ports = {
      DEV_PG_PORT: await freePort(),
      DEV_TEMPORAL_PORT: await freePort(),
      DEV_TEMPORAL_UI_PORT: await freePort(),
      DEV_MAIL_SMTP_PORT: await freePort(),
      DEV_MAIL_UI_PORT: await freePort(),
    };
    const env = {
      CCHC_DATA_DIR: dataDir,
      ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
    };
    const databaseUrl = `postgresql://postgres:postgres@127.0.0.1:${ports.DEV_PG_PORT}/cchc`;

    const first = startDev(env);
    await first.ready;
    expect(first.output()).toContain(`Temporal Web UI   http://127.0.0.1:${ports.DEV_TEMPORAL_UI_PORT}`);
    expect(first.output()).toContain(`Mail (read here)  http://127.0.0.1:${ports.DEV_MAIL_UI_PORT}`);
    expect(first.output()).toContain('seed: 32 agencies (32 new');

    const list = await runCli(['agencies', 'list', '--json'], { DATABASE_URL: databaseUrl });
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)).toHaveLength(32);
    const ui = await fetch(`http://127.0.0.1:${ports.DEV_TEMPORAL_UI_PORT}/`);
    expect(ui.status).toBe(200);
    const mail = await fetch(`http://127.0.0.1:${ports.DEV_MAIL_UI_PORT}/`);
    expect(await mail.text()).toContain('Hộp thư thử nghiệm');

    ctrlC(first.child);
    await first.exited;
    expect(first.output()).toMatch(/\[dev\] stopping PostgreSQL\n\[dev\] stopped\n/);

    const second = startDev(env);
    await second.ready;
    expect(second.output()).toContain('seed: 32 agencies (0 new, 0 updated, 32 unchanged)');
    ctrlC(second.child);
    await second.exited;
    expect(second.output()).toContain('[dev] stopped');
  }, 240_000);
});
