import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../scripts/lib/ports';
import { runCli } from '../support/cli';

const root = path.resolve(__dirname, '..', '..');

/** What a person's shell normally does not have: the launcher and the CLI must find these themselves. */
const connectionVariables = [
  'DATABASE_URL',
  'TEMPORAL_ADDRESS',
  'TEMPORAL_NAMESPACE',
  'SMTP_HOST',
  'SMTP_PORT',
  'SMS_PROVIDER',
  'CCHC_DATA_DIR',
  'CCHC_DEV_ENV',
];

const freePorts = async () => ({
  DEV_PG_PORT: await freePort(),
  DEV_TEMPORAL_PORT: await freePort(),
  DEV_TEMPORAL_UI_PORT: await freePort(),
  DEV_MAIL_SMTP_PORT: await freePort(),
  DEV_MAIL_UI_PORT: await freePort(),
  DEV_TEMPORAL_PG_PORT: await freePort(),
});
const asEnv = (ports: Record<string, number>) =>
  Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)]));

/** `npx cchc ...` typed in a terminal in `cwd`, with nothing exported. */
function npxCchc(cwd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env };
  for (const k of connectionVariables) delete env[k];
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['cchc', ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Running: signalable and not a zombie waiting for init to reap it. */
const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

/** `npm run dev` as a person runs it, on ports of its own and a fresh data folder. */
function startDev(
  env: Record<string, string>,
  opts: { cwd?: string; args?: string[] } = {},
): {
  child: ChildProcess;
  output: () => string;
  ready: Promise<void>;
  exited: Promise<void>;
} {
  const clean = { ...process.env };
  for (const k of connectionVariables) delete clean[k];
  const child = spawn('npm', ['run', 'dev', ...(opts.args ? ['--', ...opts.args] : [])], {
    cwd: opts.cwd ?? root,
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
    const ports = await freePorts();
    const env = { CCHC_DATA_DIR: dataDir, ...asEnv(ports) };
    const databaseUrl = `postgresql://postgres:postgres@127.0.0.1:${ports.DEV_PG_PORT}/cchc`;

    const first = startDev(env);
    await first.ready;
    expect(first.output()).toContain(`Temporal Web UI   http://127.0.0.1:${ports.DEV_TEMPORAL_UI_PORT}`);
    expect(first.output()).toContain(`Mail (read here)  http://127.0.0.1:${ports.DEV_MAIL_UI_PORT}`);
    expect(first.output()).toContain('seed: 148 agencies (148 new');

    const list = await runCli(['agencies', 'list', '--json'], { DATABASE_URL: databaseUrl });
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)).toHaveLength(116);
    // The settings it chose, for the CLI: found through the data dir alone.
    const stackFile = path.join(dataDir, 'dev.env');
    expect(fs.readFileSync(stackFile, 'utf8')).toContain(
      `TEMPORAL_ADDRESS=127.0.0.1:${ports.DEV_TEMPORAL_PORT}\n`,
    );
    const clean = Object.fromEntries(connectionVariables.map((k) => [k, undefined]));
    const found = await runCli(['agencies', 'list', '--json'], { ...clean, CCHC_DATA_DIR: dataDir });
    expect([found.code, found.stderr]).toEqual([0, '']);
    expect(JSON.parse(found.stdout)).toHaveLength(116);
    const ui = await fetch(`http://127.0.0.1:${ports.DEV_TEMPORAL_UI_PORT}/`);
    expect(ui.status).toBe(200);
    const mail = await fetch(`http://127.0.0.1:${ports.DEV_MAIL_UI_PORT}/`);
    expect(await mail.text()).toContain('Hộp thư thử nghiệm');

    ctrlC(first.child);
    await first.exited;
    expect(first.output()).toMatch(/\[dev\] stopping PostgreSQL\n\[dev\] stopped\n/);
    expect(fs.existsSync(stackFile)).toBe(false); // the CLI no longer points at a stack that is gone

    const second = startDev(env);
    await second.ready;
    expect(second.output()).toContain(
      'seed: 148 agencies (0 new, 0 updated, 148 unchanged), 298 contacts, 26 unit changes (0 new)',
    );
    ctrlC(second.child);
    await second.exited;
    expect(second.output()).toContain('[dev] stopped');
  }, 240_000);

  it('--engine server: the production engine in a fresh checkout, found by `npx cchc` with nothing exported', async () => {
    // A copy of the project, so that its default data dir (.data) is its own.
    const checkout = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-checkout-'));
    fs.chmodSync(checkout, 0o755); // as root, PostgreSQL runs as `postgres` and must reach .data
    const skip = new Set(['node_modules', '.git', '.data', '.tools', 'coverage', 'dist']);
    for (const entry of fs.readdirSync(root)) {
      if (!skip.has(entry))
        fs.cpSync(path.join(root, entry), path.join(checkout, entry), { recursive: true });
    }
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(checkout, 'node_modules'));
    try {
      const ports = await freePorts();
      const env = asEnv(ports);
      const first = startDev(env, { cwd: checkout, args: ['--engine', 'server'] });
      await first.ready;
      expect(first.output()).toMatch(
        /Engine {12}Temporal server v1\.29\.1 on PostgreSQL 127\.0\.0\.1:\d+, SQL visibility/,
      );
      expect(first.output()).toContain(`Temporal Web UI   http://127.0.0.1:${ports.DEV_TEMPORAL_UI_PORT}`);
      const stackFile = path.join(checkout, '.data', 'dev.env');
      expect(fs.readFileSync(stackFile, 'utf8')).toMatch(/^DEV_ENGINE=server$/m);

      // The CLI of that checkout finds the stack by itself: database and Temporal (with its search attributes).
      const list = await npxCchc(checkout, ['agencies', 'list', '--json']);
      expect([list.code, list.stderr]).toEqual([0, '']);
      expect(JSON.parse(list.stdout)).toHaveLength(116);
      const overdue = await npxCchc(checkout, ['overdue', '--json']);
      expect([overdue.code, overdue.stderr]).toEqual([0, '']);
      expect(JSON.parse(overdue.stdout)).toEqual({ rows: [], total: 0 });

      // The Web UI of the real server, read-only.
      const ui = `http://127.0.0.1:${ports.DEV_TEMPORAL_UI_PORT}`;
      expect((await fetch(`${ui}/`)).status).toBe(200);
      expect(await (await fetch(`${ui}/api/v1/settings`)).json()).toMatchObject({
        DisableWriteActions: true,
        WorkflowTerminateDisabled: true,
        WorkflowResetDisabled: true,
        BatchActionsDisabled: true,
      });
      const attributes = (await (
        await fetch(`${ui}/api/v1/namespaces/default/search-attributes`)
      ).json()) as {
        customAttributes: Record<string, string>;
      };
      expect(Object.keys(attributes.customAttributes)).toEqual(
        expect.arrayContaining(['CchcKind', 'CchcDueAt']),
      );

      // Ctrl-C stops every process it started, and takes dev.env away.
      const serverPid = Number(
        fs.readFileSync(path.join(checkout, '.data', 'temporal-server', 'temporal.pid'), 'utf8'),
      );
      const pgPid = Number(
        fs
          .readFileSync(
            path.join(checkout, '.data', 'temporal-server', 'pg', 'data', 'postmaster.pid'),
            'utf8',
          )
          .split('\n')[0],
      );
      expect([isAlive(serverPid), isAlive(pgPid)]).toEqual([true, true]);
      ctrlC(first.child);
      await first.exited;
      expect(first.output()).toContain('[dev] stopping Temporal server');
      expect(first.output()).toContain('[dev] stopped');
      expect([isAlive(serverPid), isAlive(pgPid)]).toEqual([false, false]);
      expect(fs.existsSync(stackFile)).toBe(false);

      // Its data is kept: a second start resumes the same server.
      const second = startDev(env, { cwd: checkout, args: ['--engine', 'server'] });
      await second.ready;
      expect(second.output()).toContain(
        'seed: 148 agencies (0 new, 0 updated, 148 unchanged), 298 contacts, 26 unit changes (0 new)',
      );
      ctrlC(second.child);
      await second.exited;
      expect(second.output()).toContain('[dev] stopped');
    } finally {
      fs.rmSync(checkout, { recursive: true, force: true });
    }
  }, 300_000);
});
