import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { SearchAttributeType } from '@temporalio/common';
import { msToTs } from '@temporalio/common/lib/time';
import { grpc, temporal } from '@temporalio/proto';
import { ALL_SEARCH_ATTRIBUTES } from '../../domain/search-attributes';
import { ensureRole, pgCluster, type PgCluster } from './pg-cluster';
import { freePort, freePortInRange } from './ports';
import { startTemporalUi, type TemporalUi } from './temporal-ui';
import { projectRoot, resolveTemporalServer, type TemporalServerBinaries } from './tools';

// The production engine on this machine: the real Temporal server (go.temporal.io/server, one
// process for frontend, history, matching and worker) on a PostgreSQL cluster of its own, with SQL
// visibility and the project's custom search attributes. Everything binds to 127.0.0.1. The server
// runs the same configuration files as docker-compose.yml (deploy/temporal-server/config), copied
// into the work folder at each start and rendered by the server from CCHC_TEMPORAL_* variables.
// Start, stop, crash (SIGKILL) and restart the server or its database: for tests and fault injection.

export const TEMPORAL_CONFIG_SOURCE = path.join(projectRoot, 'deploy', 'temporal-server', 'config');
/** What defineSearchAttributeKey() returns. */
type SearchAttributeKey = { name: string; type: SearchAttributeType };

const CONFIG_ENV = 'cchc';
const DB_ROLE = 'temporal';
const DATABASES = [
  { name: 'temporal', schema: 'temporal' },
  { name: 'temporal_visibility', schema: 'visibility' },
] as const;

export interface TemporalServerOptions {
  /** Work folder: PostgreSQL data, configuration, logs. Created on first use, reused after. */
  dir: string;
  /** Frontend gRPC port (what clients, workers and the CLI use); a free one if omitted. */
  port?: number;
  /** PostgreSQL port; a free one if omitted. */
  pgPort?: number;
  namespace?: string;
  /** Retention of closed workflows in the namespace, in hours (default 72). */
  retentionHours?: number;
  searchAttributes?: SearchAttributeKey[];
  /** Server log level (default warn). */
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** Prometheus metrics on 127.0.0.1:<port>; none if omitted. */
  metricsPort?: number;
  /** Also serve the Temporal Web UI on 127.0.0.1:<port>. */
  ui?: { port: number; writeActions?: boolean };
}

export interface RestartTiming {
  /** From the signal to the process being gone. */
  stopMs: number;
  /** From launch to the frontend answering SERVING. */
  startMs: number;
}

export interface TemporalServer {
  /** host:port of the frontend. */
  address: string;
  namespace: string;
  dir: string;
  pg: PgCluster;
  uiUrl?: string;
  /** The server's own log (JSON lines). */
  logFile: string;
  /** How long each step of the start took, in ms. */
  timings: Record<'postgres' | 'schemas' | 'server' | 'namespace' | 'ui', number>;
  /** PID of the server process while it runs. */
  pid(): number | undefined;
  /** SIGTERM: graceful (a few seconds); SIGKILL: a crash. */
  stopServer(signal?: 'SIGTERM' | 'SIGKILL'): Promise<number>;
  /** Launches the server and resolves once the frontend answers SERVING. */
  startServer(): Promise<number>;
  /** Stops (by default a SIGKILL crash), stays down for downMs, starts again. */
  restartServer(opts?: { signal?: 'SIGTERM' | 'SIGKILL'; downMs?: number }): Promise<RestartTiming>;
  /** fast: clean shutdown; immediate: a crash of the database (recovery on start). */
  stopPostgres(mode?: 'fast' | 'immediate'): Promise<void>;
  startPostgres(): Promise<void>;
  restartPostgres(opts?: { mode?: 'fast' | 'immediate'; downMs?: number }): Promise<void>;
  /** Stops the Web UI, the server (SIGTERM) and PostgreSQL; data is kept in dir. */
  stop(): Promise<void>;
}

interface Secrets {
  temporalDbPassword: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function isPidAlive(pid: number | undefined): pid is number {
  if (!pid || !Number.isInteger(pid)) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function readSecrets(dir: string): Secrets {
  const file = path.join(dir, 'temporal-db.secret');
  if (!fs.existsSync(file)) {
    fs.writeFileSync(file, JSON.stringify({ temporalDbPassword: randomBytes(18).toString('hex') }), {
      mode: 0o600,
    });
  }
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Secrets;
}

/** Kills a server left running by a crashed earlier run in the same folder. */
function killStale(pidFile: string, binary: string): void {
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
  fs.rmSync(pidFile, { force: true });
  if (!isPidAlive(pid)) return;
  let cmdline = '';
  try {
    cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return;
  }
  if (cmdline.startsWith(binary)) process.kill(pid, 'SIGKILL');
}

const INDEXED_TYPE: Record<string, temporal.api.enums.v1.IndexedValueType> = {
  [SearchAttributeType.KEYWORD]: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  [SearchAttributeType.TEXT]: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
  [SearchAttributeType.INT]: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_INT,
  [SearchAttributeType.DOUBLE]: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
  [SearchAttributeType.BOOL]: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  [SearchAttributeType.DATETIME]: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  [SearchAttributeType.KEYWORD_LIST]: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
};

function probeValue(key: SearchAttributeKey): unknown {
  switch (key.type) {
    case SearchAttributeType.INT:
      return 1;
    case SearchAttributeType.DOUBLE:
      return 1.5;
    case SearchAttributeType.BOOL:
      return true;
    case SearchAttributeType.DATETIME:
      return new Date('2000-01-01T00:00:00Z');
    case SearchAttributeType.KEYWORD_LIST:
      return ['probe'];
    default:
      return 'probe';
  }
}

/** Retries fn while it throws, up to timeoutMs; the last error is rethrown. */
async function retry<T>(what: string, timeoutMs: number, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (Date.now() > deadline) {
        throw new Error(`${what}: ${(err as Error).message}`);
      }
      await sleep(200);
    }
  }
}

/**
 * Namespace and custom search attributes, idempotent. The real server (unlike start-dev) creates
 * no `default` namespace; a new namespace reaches each service on its next cache refresh (~2 s),
 * so the calls right after creating it are retried. Attributes are compared by type; a name taken
 * with another type is an error. After adding any, a probe workflow started with every attribute
 * must be found by a visibility query before this returns: then they are usable by every service.
 */
export async function bootstrapNamespace(
  address: string,
  namespace: string,
  keys: SearchAttributeKey[],
  retentionHours = 72,
): Promise<{ created: boolean; added: string[] }> {
  const connection = await Connection.connect({ address });
  try {
    let created = false;
    try {
      await connection.workflowService.describeNamespace({ namespace });
    } catch {
      await connection.workflowService
        .registerNamespace({
          namespace,
          workflowExecutionRetentionPeriod: msToTs(`${retentionHours}h`),
        })
        .catch((err: { code?: number }) => {
          if (err.code !== 6) throw err; // ALREADY_EXISTS
        });
      created = true;
    }
    const existing = await retry(
      `search attributes of ${namespace}`,
      30_000,
      async () =>
        (await connection.operatorService.listSearchAttributes({ namespace })).customAttributes ?? {},
    );
    const missing: Record<string, temporal.api.enums.v1.IndexedValueType> = {};
    for (const key of keys) {
      const want = INDEXED_TYPE[key.type]!;
      const have = existing[key.name];
      if (have === undefined) missing[key.name] = want;
      else if (have !== want)
        throw new Error(
          `search attribute ${key.name} already exists in ${namespace} with type ${temporal.api.enums.v1.IndexedValueType[have]}, not ${key.type}`,
        );
    }
    const added = Object.keys(missing);
    if (added.length > 0) {
      await retry(`adding search attributes to ${namespace}`, 30_000, () =>
        connection.operatorService.addSearchAttributes({ namespace, searchAttributes: missing }),
      );
      await probeSearchAttributes(connection, namespace, keys);
    }
    return { created, added };
  } finally {
    await connection.close();
  }
}

async function probeSearchAttributes(
  connection: Connection,
  namespace: string,
  keys: SearchAttributeKey[],
): Promise<void> {
  const client = new Client({ connection, namespace });
  const workflowId = `cchc-engine-probe-${Date.now()}`;
  const handle = await retry('starting the search-attribute probe', 30_000, () =>
    client.workflow.start('cchcEngineProbe', {
      taskQueue: 'cchc-engine-probe',
      workflowId,
      typedSearchAttributes: keys.map((key) => ({ key, value: probeValue(key) })) as never,
    }),
  );
  const first = keys[0]!;
  const literal = JSON.stringify(
    first.type === SearchAttributeType.DATETIME ? '2000-01-01T00:00:00Z' : probeValue(first),
  );
  await retry('waiting for the probe in SQL visibility', 30_000, async () => {
    const { count } = await client.workflow.count(
      `WorkflowId = "${workflowId}" AND ${first.name} = ${literal}`,
    );
    if (count !== 1) throw new Error(`visibility shows ${count} probe workflows`);
  });
  await handle.terminate('search-attribute probe');
  await connection.workflowService
    .deleteWorkflowExecution({ namespace, workflowExecution: { workflowId } })
    .catch(() => undefined);
}

/** Resolves once the frontend's gRPC health check says SERVING; rejects if alive() turns false. */
async function waitServing(address: string, timeoutMs: number, alive: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const connection = await Connection.lazy({ address });
  try {
    for (;;) {
      if (!alive()) throw new Error('the Temporal server exited while starting');
      try {
        const res = await connection.withDeadline(Date.now() + 1000, () =>
          connection.healthService.check({ service: 'temporal.api.workflowservice.v1.WorkflowService' }),
        );
        if (res.status === grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline)
        throw new Error(`the Temporal server did not answer SERVING within ${timeoutMs} ms`);
      await sleep(100);
    }
  } finally {
    await connection.close();
  }
}

/** The last error lines of the server's JSON log, without their stack traces. */
function tail(file: string, lines = 6): string {
  try {
    return fs
      .readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => {
        try {
          const entry = JSON.parse(line) as { level?: string; msg?: string; error?: string };
          return entry.level === 'error' || entry.level === 'fatal'
            ? `${entry.level}: ${entry.msg}${entry.error ? `: ${entry.error}` : ''}`
            : undefined;
        } catch {
          return line.startsWith('Unable') || /error/i.test(line) ? line : undefined;
        }
      })
      .filter((l): l is string => l !== undefined)
      .slice(-lines)
      .join('\n');
  } catch {
    return '';
  }
}

/** Creates the databases on first use and applies every schema version of this server release. */
async function setupSchemas(bin: TemporalServerBinaries, pg: PgCluster, password: string): Promise<void> {
  await ensureRole(pg.adminUrl(), DB_ROLE, password);
  for (const db of DATABASES) {
    const env = {
      PATH: process.env.PATH,
      SQL_PLUGIN: 'postgres12',
      SQL_HOST: '127.0.0.1',
      SQL_PORT: String(pg.port),
      SQL_USER: DB_ROLE,
      SQL_PASSWORD: password,
      SQL_DATABASE: db.name,
    };
    const sql = (...args: string[]) => {
      const res = spawnSync(bin.sql, args, { env, encoding: 'utf8' });
      if (res.status !== 0)
        throw new Error(
          `temporal-sql-tool ${args.join(' ')} (${db.name}) failed:\n${res.stdout}${res.stderr}`,
        );
    };
    // All three are idempotent (as docker-compose.yml runs them at every start); update-schema is
    // a no-op when up to date and the migration after a server upgrade.
    sql('create-database');
    sql('setup-schema', '-v', '0.0');
    sql('update-schema', '-d', path.join(bin.schemaDir, db.schema, 'versioned'));
  }
}

/** Starts (or resumes, when dir holds data) PostgreSQL and the Temporal server, then the namespace. */
export async function startTemporalServer(opts: TemporalServerOptions): Promise<TemporalServer> {
  const bin = resolveTemporalServer();
  if (!bin) throw new Error('the Temporal server is not built and Go is not available (npm run tools)');
  const dir = path.resolve(opts.dir);
  fs.mkdirSync(dir, { recursive: true });
  fs.chmodSync(dir, 0o755); // PostgreSQL may run as another user (see pg-cluster.ts); secrets are 0600
  const namespace = opts.namespace ?? 'default';
  const port = opts.port ?? (await freePort());
  const pg = pgCluster({ dir: path.join(dir, 'pg'), port: opts.pgPort ?? (await freePort()) });
  const secrets = readSecrets(dir);
  const logFile = path.join(dir, 'temporal.log');
  const pidFile = path.join(dir, 'temporal.pid');
  const configDir = path.join(dir, 'config');
  const address = `127.0.0.1:${port}`;
  killStale(pidFile, bin.server);

  // The internal listeners (history, matching, worker, and each service's membership port) are
  // picked once per start of this object and kept across restarts. Membership ports are stored in
  // a smallint column (cluster_membership.rpc_port): they must stay below 32768.
  const internalPorts = async () => ({
    CCHC_TEMPORAL_FRONTEND_MEMBERSHIP_PORT: String(await freePortInRange()),
    CCHC_TEMPORAL_HISTORY_PORT: String(await freePort()),
    CCHC_TEMPORAL_HISTORY_MEMBERSHIP_PORT: String(await freePortInRange()),
    CCHC_TEMPORAL_MATCHING_PORT: String(await freePort()),
    CCHC_TEMPORAL_MATCHING_MEMBERSHIP_PORT: String(await freePortInRange()),
    CCHC_TEMPORAL_WORKER_PORT: String(await freePort()),
    CCHC_TEMPORAL_WORKER_MEMBERSHIP_PORT: String(await freePortInRange()),
  });
  let ports = await internalPorts();
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let ui: TemporalUi | undefined;

  const launch = async (): Promise<number> => {
    // Written at every start: the run folder holds exactly the configuration that runs.
    fs.cpSync(TEMPORAL_CONFIG_SOURCE, configDir, { recursive: true });
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      CCHC_TEMPORAL_LOG_LEVEL: opts.logLevel ?? 'warn',
      CCHC_TEMPORAL_DB_HOST: '127.0.0.1',
      CCHC_TEMPORAL_DB_PORT: String(pg.port),
      CCHC_TEMPORAL_DB_USER: DB_ROLE,
      CCHC_TEMPORAL_DB_PASSWORD: secrets.temporalDbPassword,
      CCHC_TEMPORAL_DYNAMIC_CONFIG: path.join(configDir, 'dynamicconfig', `${CONFIG_ENV}.yaml`),
      CCHC_TEMPORAL_BIND_IP: '127.0.0.1',
      CCHC_TEMPORAL_PORT: String(port),
      CCHC_TEMPORAL_METRICS_PORT: opts.metricsPort ? String(opts.metricsPort) : '',
      ...ports,
    };
    const log = fs.openSync(logFile, 'a');
    const t0 = Date.now();
    const proc = spawn(
      bin.server,
      ['--root', dir, '--config', 'config', '--env', CONFIG_ENV, '--allow-no-auth', 'start'],
      { cwd: dir, env, stdio: ['ignore', log, log] },
    );
    fs.closeSync(log);
    child = proc;
    fs.writeFileSync(pidFile, String(proc.pid));
    exited = new Promise((resolve) => proc.once('exit', () => resolve()));
    try {
      await waitServing(address, 60_000, () => proc.exitCode === null && proc.signalCode === null);
    } catch (err) {
      if (proc.exitCode === null) proc.kill('SIGKILL');
      await exited;
      throw new Error(`${(err as Error).message}; last lines of ${logFile}:\n${tail(logFile)}`);
    }
    return Date.now() - t0;
  };

  const server: TemporalServer = {
    address,
    namespace,
    dir,
    pg,
    logFile,
    timings: { postgres: 0, schemas: 0, server: 0, namespace: 0, ui: 0 },
    pid: () => (child && child.exitCode === null && child.signalCode === null ? child.pid : undefined),
    async startServer() {
      if (server.pid()) return 0;
      try {
        return await launch();
      } catch (err) {
        // A port picked a moment ago may have been taken meanwhile: once more with new ones.
        if (!/address already in use/.test((err as Error).message)) throw err;
        ports = await internalPorts();
        return launch();
      }
    },
    async stopServer(signal = 'SIGTERM') {
      const proc = child;
      if (!proc || proc.exitCode !== null || proc.signalCode !== null) return 0;
      const t0 = Date.now();
      proc.kill(signal);
      const killer = setTimeout(() => proc.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(killer);
      fs.rmSync(pidFile, { force: true });
      return Date.now() - t0;
    },
    async restartServer({ signal = 'SIGKILL', downMs = 0 } = {}) {
      const stopMs = await server.stopServer(signal);
      if (downMs > 0) await sleep(downMs); // the outage itself, not a wait for a condition
      const startMs = await server.startServer();
      return { stopMs, startMs };
    },
    stopPostgres: (mode = 'fast') => pg.stop(mode),
    startPostgres: () => pg.start(),
    async restartPostgres({ mode = 'fast', downMs = 0 } = {}) {
      await pg.stop(mode);
      if (downMs > 0) await sleep(downMs);
      await pg.start();
    },
    async stop() {
      await ui?.stop();
      await server.stopServer('SIGTERM');
      await pg.stop('fast');
    },
  };

  let t = Date.now();
  const lap = () => {
    const elapsed = Date.now() - t;
    t = Date.now();
    return elapsed;
  };
  try {
    await pg.start();
    server.timings.postgres = lap();
    await setupSchemas(bin, pg, secrets.temporalDbPassword);
    server.timings.schemas = lap();
    await server.startServer();
    server.timings.server = lap();
    await bootstrapNamespace(
      address,
      namespace,
      opts.searchAttributes ?? ALL_SEARCH_ATTRIBUTES,
      opts.retentionHours,
    );
    server.timings.namespace = lap();
    if (opts.ui) {
      ui = await startTemporalUi({
        dir: path.join(dir, 'ui'),
        temporalAddress: address,
        port: opts.ui.port,
        namespace,
        writeActions: opts.ui.writeActions ?? false,
      });
      server.uiUrl = ui.url;
      server.timings.ui = lap();
    }
  } catch (err) {
    await server.stop().catch(() => undefined);
    throw err;
  }
  return server;
}
