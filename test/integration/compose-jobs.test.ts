import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import pg from 'pg';
import { ALL_SEARCH_ATTRIBUTES } from '../../domain/search-attributes';
import { pgCluster, type PgCluster } from '../../scripts/lib/pg-cluster';
import { freePort, freePortInRange } from '../../scripts/lib/ports';
import { resolveTemporalCli, resolveTemporalServer } from '../../scripts/lib/tools';
import { loadCompose, stagingEnv } from '../support/compose';

// docker-compose.yml cannot run here (no Docker engine), so its Temporal pieces run as Compose
// would run them, on the same binaries as the images (server, temporal-sql-tool and the Temporal
// CLI, v1.29.1), with each container's command line, environment and mounted files; only host names,
// ports and the mount points are mapped to this machine, and everything binds to 127.0.0.1.
// PostgreSQL plays the postgres image: a superuser `cchc` and a database `cchc`.

const { services } = loadCompose();
const root = path.resolve(__dirname, '..', '..');
const script = (name: string) => String((services[name]!.command as string[])[0]);

interface Run {
  code: number | null;
  out: string;
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
}

describe('docker-compose.yml: the Temporal jobs and server, run as Compose runs them', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-compose-'));
  fs.chmodSync(tmp, 0o755);
  const shims = path.join(tmp, 'bin');
  let cluster: PgCluster;
  let server: ChildProcess | undefined;
  let address: string;
  let basePath: string;

  beforeAll(async () => {
    const bin = resolveTemporalServer();
    const cli = resolveTemporalCli();
    if (!bin || !cli) throw new Error('the Temporal server and CLI are needed (npm run tools)');
    // The postgres image's psql runs temporal-db-setup; here it is Debian's postgresql-client.
    if (spawnSync('sh', ['-c', 'command -v psql']).status !== 0)
      throw new Error('psql is needed (Debian: apt-get install postgresql-client)');
    // The images' binaries by their image names.
    fs.mkdirSync(shims);
    fs.symlinkSync(bin.server, path.join(shims, 'temporal-server'));
    fs.symlinkSync(bin.sql, path.join(shims, 'temporal-sql-tool'));
    fs.symlinkSync(cli, path.join(shims, 'temporal'));
    // /etc/temporal/schema of the admin-tools image.
    fs.mkdirSync(path.join(tmp, 'etc-temporal'));
    fs.symlinkSync(path.dirname(path.dirname(bin.schemaDir)), path.join(tmp, 'etc-temporal', 'schema'));
    basePath = `${shims}:${process.env.PATH}`;

    cluster = pgCluster({ dir: path.join(tmp, 'pg'), port: await freePort() });
    await cluster.start();
    const admin = new pg.Client({ connectionString: cluster.adminUrl() });
    await admin.connect();
    await admin.query(`CREATE ROLE cchc SUPERUSER LOGIN PASSWORD '${stagingEnv.CCHC_DB_PASSWORD}'`);
    await admin.query('CREATE DATABASE cchc OWNER cchc');
    await admin.end();
  }, 60_000);

  afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server!.once('exit', r));
      server.kill('SIGTERM');
      await exited;
    }
    await cluster?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }, 60_000);

  const mapped = (env: Record<string, string> | undefined, overrides: Record<string, string>) => ({
    PATH: basePath,
    HOME: tmp,
    ...env,
    ...overrides,
  });

  it('temporal-db-setup creates the `temporal` role (not a superuser), twice without harm', async () => {
    const job = services['temporal-db-setup']!;
    const [source, mount] = job.volumes![0]!.split(':');
    const args = job
      .entrypoint!.slice(1)
      .map((a) => (a === 'postgresql' ? '127.0.0.1' : a === mount ? path.join(root, source!) : a));
    const env = mapped(job.environment, { PGPORT: String(cluster.port) });
    for (let i = 0; i < 2; i++) {
      const r = await run(job.entrypoint![0]!, args, env);
      expect([r.code, r.out]).toEqual([0, expect.stringContaining('ALTER ROLE')]);
    }
    const c = new pg.Client({
      connectionString: `postgresql://temporal:${stagingEnv.CCHC_TEMPORAL_DB_PASSWORD}@127.0.0.1:${cluster.port}/postgres`,
    });
    await c.connect();
    const me = await c.query('SELECT rolsuper, rolcreatedb FROM pg_roles WHERE rolname = current_user');
    await c.end();
    expect(me.rows[0]).toEqual({ rolsuper: false, rolcreatedb: true });
  });

  it('temporal-schema creates both databases at the release schema, idempotently', async () => {
    const job = services['temporal-schema']!;
    const text = script('temporal-schema').replaceAll(
      '/etc/temporal/schema',
      path.join(tmp, 'etc-temporal', 'schema'),
    );
    const env = mapped(job.environment, { SQL_HOST: '127.0.0.1', SQL_PORT: String(cluster.port) });
    for (let i = 0; i < 2; i++) {
      const r = await run('/bin/sh', ['-ec', text], env);
      expect([r.code, r.out.split('\n').filter((l) => /ERROR|FATAL/.test(l))]).toEqual([0, []]);
    }
    const c = new pg.Client({ connectionString: cluster.adminUrl('temporal_visibility') });
    await c.connect();
    const versions = await c.query('SELECT curr_version FROM schema_version');
    const ext = await c.query(`SELECT extname FROM pg_extension WHERE extname = 'btree_gin'`);
    await c.end();
    expect(versions.rows).toEqual([{ curr_version: expect.stringMatching(/^1\.\d+$/) }]);
    expect(ext.rowCount).toBe(1);
  });

  it('temporal runs with the mounted configuration, and temporal-setup registers the namespace and search attributes', async () => {
    const svc = services.temporal!;
    const [source, mount] = svc.volumes![0]!.split(':');
    const etc = path.join(tmp, 'etc-cchc-temporal');
    fs.mkdirSync(etc);
    fs.symlinkSync(path.join(root, source!), path.join(etc, path.basename(mount!)));
    const port = await freePort();
    address = `127.0.0.1:${port}`;
    const env = mapped(svc.environment, {
      CCHC_TEMPORAL_DB_HOST: '127.0.0.1',
      CCHC_TEMPORAL_DB_PORT: String(cluster.port),
      CCHC_TEMPORAL_BIND_IP: '127.0.0.1',
      CCHC_TEMPORAL_PORT: String(port),
      CCHC_TEMPORAL_DYNAMIC_CONFIG: svc.environment!.CCHC_TEMPORAL_DYNAMIC_CONFIG!.replace(
        path.dirname(mount!),
        etc,
      ),
      CCHC_TEMPORAL_LOG_LEVEL: 'warn',
      // The container keeps the template's internal ports; this shared machine cannot.
      CCHC_TEMPORAL_HISTORY_PORT: String(await freePort()),
      CCHC_TEMPORAL_MATCHING_PORT: String(await freePort()),
      CCHC_TEMPORAL_WORKER_PORT: String(await freePort()),
      CCHC_TEMPORAL_FRONTEND_MEMBERSHIP_PORT: String(await freePortInRange()),
      CCHC_TEMPORAL_HISTORY_MEMBERSHIP_PORT: String(await freePortInRange()),
      CCHC_TEMPORAL_MATCHING_MEMBERSHIP_PORT: String(await freePortInRange()),
      CCHC_TEMPORAL_WORKER_MEMBERSHIP_PORT: String(await freePortInRange()),
    });
    const args = (svc.command as string[]).map((a) => (a === path.dirname(mount!) ? etc : a));
    const log = fs.openSync(path.join(tmp, 'temporal.log'), 'a');
    server = spawn(path.join(shims, svc.entrypoint![0]!), args, {
      cwd: tmp,
      env,
      stdio: ['ignore', log, log],
    });
    fs.closeSync(log);

    const setup = services['temporal-setup']!;
    const setupEnv = mapped(setup.environment, { TEMPORAL_ADDRESS: address });
    const first = await run('/bin/sh', ['-ec', script('temporal-setup')], setupEnv);
    expect([first.code, first.out]).toEqual([
      0,
      expect.stringContaining('Search attributes have been added'),
    ]);
    const again = await run('/bin/sh', ['-ec', script('temporal-setup')], setupEnv);
    expect(again.code).toBe(0);

    const connection = await Connection.connect({ address });
    try {
      const { customAttributes } = await connection.operatorService.listSearchAttributes({
        namespace: 'default',
      });
      const { temporal } = await import('@temporalio/proto');
      const types = Object.fromEntries(
        Object.entries(customAttributes ?? {}).map(([k, v]) => [
          k,
          temporal.api.enums.v1.IndexedValueType[v].replace('INDEXED_VALUE_TYPE_', ''),
        ]),
      );
      expect(types).toEqual(Object.fromEntries(ALL_SEARCH_ATTRIBUTES.map((k) => [k.name, k.type])));
    } finally {
      await connection.close();
    }
  }, 120_000);
});
