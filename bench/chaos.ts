import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import { ServiceContext } from '../client/services/context';
import type { DrillTimings } from '../domain/reporting';
import { freePort } from '../scripts/lib/ports';
import { pgCluster, type PgCluster } from '../scripts/lib/pg-cluster';
import { startSmsGateway, type TestSmsGateway } from '../test/support/sms-gateway';
import { startSmtpServer, type SmtpDataFault, type TestSmtpServer } from '../test/support/smtp';
import { seedUnits, startDrill, type StartedDrill } from './lib/drill';
import { startDevEngine, startPostgresEngine, type Engine } from './lib/engine';
import { startLatencyProxy } from './lib/latency-proxy';
import { measure, type Figures, type OutboxRecord } from './lib/measure';
import { contactMatcher, scanHistories, scanLog, type ScanHits } from './lib/scan';
import { workerProcess, type WorkerProcess } from './lib/worker-process';

// Fault injection as an operator would see it: the project's worker as separate processes (built by
// `npm run build`, SIGKILLed and restarted), the Temporal dev server or (--engine postgres) the real
// Temporal server on PostgreSQL, PostgreSQL for the app (stopped and started), an SMTP sink that
// counts every message it fully received, and the SMS gateway stub. One drill cycle of N units per
// scenario, each in a namespace and a database of its own; what arrived is compared with what the
// drill owed and with the outbox; histories and the worker log are scanned for contact details.
//   npm run bench:chaos -- [--engine dev|postgres] [--only kill-1s,pg-down] [--units 100] [--seed 1]

const ROOT = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const ENGINE = (arg('engine') ?? 'dev') as 'dev' | 'postgres';
if (!['dev', 'postgres'].includes(ENGINE)) throw new Error('--engine: dev or postgres');
const UNITS = Number(arg('units') ?? 100);
if (!Number.isInteger(UNITS) || UNITS < 1 || UNITS > 500) throw new Error('--units: 1-500');
const ONLY = arg('only')?.split(',');
let seed = Number(arg('seed') ?? 1);
const random = () => {
  // mulberry32: the kill moments of a run can be replayed with the same --seed.
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
const YEAR = 2040;
const PERIOD = 'Q1';

const DEFAULT_TIMINGS: DrillTimings = {
  reminderBeforeMs: 70_000,
  overdueAfterMs: 10_000,
  escalationStepMs: 30_000,
};

interface Stage {
  engine: Engine;
  pg: PgCluster;
  sink: TestSmtpServer;
  gateway: TestSmsGateway;
  workers: WorkerProcess[];
  drill: StartedDrill;
  note: (event: string) => void;
  /** Resolves at t0 + ms. */
  at: (ms: number) => Promise<void>;
}

interface Scenario {
  name: string;
  description: string;
  /** Relay time per message (the sink answers the final dot after it). */
  relayMs: number;
  poolSize?: number;
  workers?: number;
  dueInMs?: number;
  timings?: DrillTimings;
  /** After the consolidation, how long to wait at most for everything to settle. */
  settleMs?: number;
  fault?: (s: Stage) => Promise<void>;
  /** Every packet between the workers and their database held this long, each way (a slow database). */
  dbLatencyMs?: number;
  /** Addresses refused for good (the FAILED rows they leave are right). */
  refused?: (units: string[]) => string[];
}

async function killLoop(s: Stage, until: number, maxKills: number): Promise<void> {
  let kills = 0;
  while (kills < maxKills && Date.now() < until) {
    await sleep(5_000 + random() * 10_000);
    if (Date.now() >= until) break;
    const w = s.workers[Math.floor(random() * s.workers.length)]!;
    await w.kill();
    kills += 1;
    s.note(`SIGKILL worker #${kills}`);
    await w.start();
    s.note('worker ready again');
  }
}

const SCENARIOS: Scenario[] = [
  {
    name: 'kill-1s',
    description: 'worker SIGKILL ×20 at random moments, relay 1 s/msg',
    relayMs: 1000,
    fault: (s) => killLoop(s, s.drill.timeline.consolidationAt, 20),
  },
  {
    name: 'kill-200ms',
    description: 'worker SIGKILL ×20 at random moments, relay 200 ms/msg',
    relayMs: 200,
    fault: (s) => killLoop(s, s.drill.timeline.consolidationAt, 20),
  },
  {
    name: 'smtp-refuse',
    description: 'SMTP refusing connections 30 s, then 421 for 30 s; 550 for one address all along',
    relayMs: 200,
    refused: (units) => [`daumoi.${units[0]!.toLowerCase()}@chaos.example`],
    async fault(s) {
      await s.at(1_000);
      await s.sink.setListening(false);
      s.note('sink refuses connections');
      await s.at(31_000);
      await s.sink.setListening(true);
      s.sink.refuse({ code: 421, stage: 'connect', times: Infinity });
      s.note('sink answers 421 at connect');
      await s.at(61_000);
      s.sink.clearRules();
      relay(s.sink, 200);
      refuseForGood(s.sink, 'daumoi.dv001@chaos.example');
      s.note('sink accepts again (550 for one address)');
    },
  },
  {
    name: 'smtp-drop',
    description: 'SMTP drops the connection after DATA (message fully received, no answer) for 15 s',
    relayMs: 200,
    fault: (s) => sinkFaultWindow(s, 1_000, 16_000, 'sink drops after DATA', [{ kind: 'drop' }]),
  },
  {
    name: 'temporal-down',
    description: 'Temporal server SIGKILLed before the reminders, down 20 s',
    relayMs: 200,
    async fault(s) {
      await s.at(35_000);
      s.note('Temporal server SIGKILL');
      await s.engine.crash(20_000);
      s.note('Temporal server serving again');
    },
  },
  {
    name: 'pg-down',
    description: 'PostgreSQL (app database) stopped 25 s with the reminders in flight (relay 1 s/msg)',
    relayMs: 1000,
    async fault(s) {
      await s.at(s.drill.timeline.reminderAt - s.drill.timeline.startedAt + 3_000);
      await s.pg.stop('immediate');
      s.note('PostgreSQL stopped (immediate)');
      await sleep(25_000);
      await s.pg.start();
      s.note('PostgreSQL started');
    },
  },
  {
    name: 'slow-relay',
    description: 'slow relay (4 s/msg, pool of 2), no fault; the drill spaced so that it can all go out',
    relayMs: 4000,
    poolSize: 2,
    dueInMs: 400_000,
    timings: { reminderBeforeMs: 230_000, overdueAfterMs: 10_000, escalationStepMs: 30_000 },
    settleMs: 420_000,
  },
  {
    name: 'two-workers',
    description: 'two workers on one task queue, relay 200 ms/msg',
    relayMs: 200,
    workers: 2,
  },
  {
    name: 'three-workers',
    description: 'three workers on one task queue, relay 200 ms/msg',
    relayMs: 200,
    workers: 3,
  },
  {
    name: 'smtp-timeout',
    description:
      'SMTP silent for 40 s at the opening: answers after DATA come 40 s late (past the 30 s socket timeout), new connections are greeted 40 s late',
    relayMs: 200,
    fault: (s) =>
      sinkFaultWindow(s, 1_000, 41_000, 'sink silent (answers and greetings 40 s late)', [
        { kind: 'delay', ms: 40_000 },
        { kind: 'stall', ms: 40_000 },
      ]),
  },
  {
    name: 'sms-faults',
    description:
      'SMS gateway when the SMS window opens: 503 ×60, then 429 ×60, then 30 requests unanswered past the 15 s timeout, then 30 taken but never answered',
    relayMs: 200,
    async fault(s) {
      const opens = s.drill.timeline.smsWindowOpensAt;
      if (opens === undefined) throw new Error('the drill holds no SMS');
      await s.at(opens - s.drill.timeline.startedAt - 2_000);
      s.gateway.reply({ status: 503, body: { error: 'unavailable' }, times: 60 });
      s.gateway.reply({ status: 429, body: { error: 'too many requests' }, times: 60 });
      s.gateway.reply({ status: 200, delayMs: 20_000, times: 30 });
      s.gateway.reply({ acceptThenDrop: true, times: 30 });
      s.note('gateway scripted: 503 ×60, 429 ×60, 30 timeouts, 30 taken and dropped');
    },
  },
  {
    name: 'db-slow',
    description: 'the app database 40 ms away each way (every round trip 80 ms longer) all along',
    relayMs: 200,
    dbLatencyMs: 40,
  },
];

/** From `fromMs` to `toMs` after the start the sink has only `faults` (for good), then relays at 200 ms/msg again. */
async function sinkFaultWindow(
  s: Stage,
  fromMs: number,
  toMs: number,
  what: string,
  faults: Omit<SmtpDataFault, 'times'>[],
): Promise<void> {
  await s.at(fromMs);
  s.sink.clearRules();
  for (const f of faults) s.sink.fault({ ...f, times: Infinity });
  s.note(what);
  await s.at(toMs);
  s.sink.clearRules();
  relay(s.sink, 200);
  s.note('sink answers again');
}

function relay(sink: TestSmtpServer, ms: number): void {
  if (ms > 0) sink.fault({ kind: 'delay', ms, times: Infinity });
}
function refuseForGood(sink: TestSmtpServer, to: string): void {
  // Worded as relays word it: the address is quoted in the reply (it must not reach a history).
  sink.refuse({
    code: 550,
    stage: 'rcpt',
    to,
    times: Infinity,
    message: `5.1.1 <${to}>: Recipient address rejected: User unknown in virtual mailbox table`,
  });
}

async function createDatabase(cluster: PgCluster, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: cluster.adminUrl() });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}"`);
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = cluster.adminUrl(name);
  const migrated = spawnSync(
    process.execPath,
    [path.join(ROOT, 'scripts', 'prisma.js'), 'migrate', 'deploy'],
    {
      env: { ...process.env, DATABASE_URL: url },
      encoding: 'utf8',
    },
  );
  if (migrated.status !== 0)
    throw new Error(`migrate deploy failed:\n${migrated.stdout}\n${migrated.stderr}`);
  return url;
}

async function readRows(url: string): Promise<OutboxRecord[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const res = await client.query<OutboxRecord>(
      `SELECT id, "idempotencyKey", channel, purpose, "agencyCode", recipient, status::text AS status,
              attempts, "possibleDuplicate", "lastError" FROM "Notification" ORDER BY id`,
    );
    return res.rows;
  } finally {
    await client.end();
  }
}

async function pendingCount(url: string): Promise<number | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    const res = await client.query(`SELECT count(*)::int AS n FROM "Notification" WHERE status = 'PENDING'`);
    return res.rows[0].n as number;
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
}

interface ScenarioResult {
  name: string;
  description: string;
  engine: string;
  units: number;
  relayMs: number;
  poolSize: number;
  workers: number;
  workerStarts: number;
  timeline: Record<string, string | undefined>;
  events: string[];
  settled: boolean;
  durationS: number;
  figures: Figures;
  /** FAILED rows for addresses the scenario refused for good (right), and other FAILED rows. */
  failedExpected: number;
  histories: ScanHits & { bytes: number };
  workerLog: ScanHits;
  error?: string;
}

async function runScenario(
  sc: Scenario,
  index: number,
  common: {
    engine: Engine;
    cluster: PgCluster;
    sink: TestSmtpServer;
    gateway: TestSmsGateway;
    dir: string;
    stamp: string;
  },
): Promise<ScenarioResult> {
  const { engine, cluster, sink, gateway } = common;
  const dir = path.join(common.dir, sc.name);
  fs.mkdirSync(dir, { recursive: true });
  const namespace = `chaos-${sc.name}-${common.stamp}`;
  await engine.namespace(namespace);
  const dbUrl = await createDatabase(cluster, `chaos_${index}_${sc.name.replace(/-/g, '_')}`);
  sink.reset();
  gateway.reset();
  relay(sink, sc.relayMs);
  const proxy = sc.dbLatencyMs
    ? await startLatencyProxy({ host: '127.0.0.1', port: Number(new URL(dbUrl).port) }, sc.dbLatencyMs)
    : undefined;
  const workerDbUrl = proxy ? Object.assign(new URL(dbUrl), { port: String(proxy.port) }).toString() : dbUrl;
  const env: Record<string, string> = {
    DATABASE_URL: dbUrl,
    TEMPORAL_ADDRESS: engine.address,
    TEMPORAL_NAMESPACE: namespace,
    TEMPORAL_TASK_QUEUE: `chaos-${sc.name}`,
    SMTP_HOST: sink.host,
    SMTP_PORT: String(sink.port),
    SMTP_POOL_SIZE: String(sc.poolSize ?? 5),
    SMS_PROVIDER: 'esms',
    SMS_ESMS_URL: gateway.esmsUrl,
    SMS_ESMS_API_KEY: 'chaos-api-key',
    SMS_ESMS_SECRET_KEY: 'chaos-secret',
    SMS_BRANDNAME: 'SNV.DTHAP',
    CCHC_DATA_DIR: dir,
    LOG_LEVEL: 'INFO',
  };
  const logFile = path.join(dir, 'worker.log');
  const workers = Array.from({ length: sc.workers ?? 1 }, (_, i) =>
    workerProcess({
      root: ROOT,
      env: { ...env, DATABASE_URL: workerDbUrl },
      logFile,
      label: `worker-${i + 1}`,
    }),
  );
  const started = Date.now();
  const events: string[] = [];
  let t0 = started;
  const note = (event: string) => {
    events.push(`+${((Date.now() - t0) / 1000).toFixed(1)}s ${event}`);
    console.error(`  [${sc.name}] ${events.at(-1)}`);
  };
  const ctx = new ServiceContext(env);
  const connection = await Connection.connect({ address: engine.address });
  const client = new Client({ connection, namespace });
  let settled = false;
  let drill: StartedDrill | undefined;
  let error: string | undefined;
  let contacts: Awaited<ReturnType<typeof seedUnits>> | undefined;
  try {
    await Promise.all(workers.map((w) => w.start()));
    contacts = await seedUnits(ctx, dir, UNITS);
    const timings = sc.timings ?? DEFAULT_TIMINGS;
    drill = await startDrill(ctx, contacts, {
      year: YEAR,
      period: PERIOD,
      dueInMs: sc.dueInMs ?? 110_000,
      timings,
      smsHeldMs: 30_000,
    });
    t0 = drill.timeline.startedAt;
    if (sc.refused) for (const to of sc.refused([...contacts.units.keys()])) refuseForGood(sink, to);
    note('drill started');
    const stage: Stage = {
      engine,
      pg: cluster,
      sink,
      gateway,
      workers,
      drill,
      note,
      at: async (ms) => void (await sleep(t0 + ms - Date.now())),
    };
    await sc.fault?.(stage);
    const deadline = drill.timeline.consolidationAt + (sc.settleMs ?? 150_000);
    await sleep(drill.timeline.consolidationAt - Date.now());
    note('consolidation time');
    while (Date.now() < deadline) {
      const running = await client.workflow.count('ExecutionStatus = "Running"').then(
        (c) => c.count,
        () => undefined,
      );
      const pending = await pendingCount(dbUrl);
      if (running === 0 && pending === 0) {
        settled = true;
        break;
      }
      await sleep(3_000);
    }
    note(settled ? 'settled: no workflow running, no row PENDING' : 'not settled by the deadline');
  } catch (err) {
    error = (err as Error).stack ?? String(err);
    note(`harness error: ${(err as Error).message}`);
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
    await proxy?.close();
    if (!cluster.isRunning()) await cluster.start();
  }
  const rows = await readRows(dbUrl).catch(() => [] as OutboxRecord[]);
  const figures = measure({
    expected: drill?.expected ?? [],
    rows,
    mail: sink.received,
    sms: gateway.delivered(),
  });
  const match = contactMatcher(contacts?.emails ?? [], contacts?.phones ?? [], ['cchc@snv.dongthap.example']);
  const histories = await scanHistories(client, match).catch((err: unknown) => ({
    scanned: 0,
    withHits: 0,
    exactHits: 0,
    genericHits: 0,
    bytes: 0,
    examples: [`scan failed: ${String(err)}`],
  }));
  const refusedAddresses = new Set(sc.refused?.([...(contacts?.units.keys() ?? [])]) ?? []);
  const failedRows = rows.filter((r) => r.status === 'FAILED');
  await connection.close();
  await ctx.close();
  const iso = (ms?: number) => (ms ? new Date(ms).toISOString() : undefined);
  return {
    name: sc.name,
    description: sc.description,
    engine: engine.name,
    units: UNITS,
    relayMs: sc.relayMs,
    poolSize: sc.poolSize ?? 5,
    workers: workers.length,
    workerStarts: workers.reduce((n, w) => n + w.starts, 0),
    timeline: {
      startedAt: iso(drill?.timeline.startedAt),
      reminderAt: iso(drill?.timeline.reminderAt),
      dueAt: iso(drill?.timeline.dueAt),
      overdueAt: iso(drill?.timeline.overdueAt),
      smsWindowOpensAt: iso(drill?.timeline.smsWindowOpensAt),
      consolidationAt: iso(drill?.timeline.consolidationAt),
    },
    events,
    settled,
    durationS: Math.round((Date.now() - started) / 1000),
    figures,
    failedExpected: failedRows.filter((r) => refusedAddresses.has(r.recipient)).length,
    histories,
    workerLog: scanLog(logFile, match),
    ...(error ? { error } : {}),
  };
}

function table(results: ScenarioResult[]): string {
  const head = [
    'scenario',
    'emails delivered / expected',
    'email duplicated (notices / extra copies)',
    'SMS delivered / expected',
    'SMS duplicated',
    'FAILED (right / other)',
    'lost or skipped',
    'uncertain (arrived)',
    'PENDING left',
    'deferred SMS never sent',
    'histories with contacts',
    'worker log lines with contacts',
  ];
  const rows = results.map((r) => {
    const f = r.figures;
    const failed = f.email.failed + f.sms.failed;
    const lost = f.email.lost + f.sms.lost;
    const lostDetail = Object.entries({ ...f.email.lostByStatus })
      .map(([k, v]) => `${v} email ${k}`)
      .concat(Object.entries(f.sms.lostByStatus).map(([k, v]) => `${v} SMS ${k}`))
      .join(', ');
    return [
      `${r.name}${r.error ? ' (harness error)' : ''}${r.settled ? '' : ' (not settled)'}`,
      `${f.email.delivered} / ${f.email.expected}`,
      `${f.email.duplicatedNotices} / ${f.email.extraCopies}`,
      `${f.sms.delivered} / ${f.sms.expected}`,
      `${f.sms.duplicatedNotices}`,
      `${r.failedExpected} / ${failed - r.failedExpected}`,
      lost ? `${lost} (${lostDetail})` : '0',
      `${f.email.uncertain + f.sms.uncertain} (${f.email.uncertainArrived + f.sms.uncertainArrived})`,
      String(f.pendingLeft),
      String(f.deferredSmsNeverSent),
      `${r.histories.withHits} of ${r.histories.scanned}`,
      `${r.workerLog.withHits} of ${r.workerLog.scanned}`,
    ];
  });
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

async function main(): Promise<void> {
  const scenarios = SCENARIOS.filter((s) => !ONLY || ONLY.includes(s.name));
  if (scenarios.length === 0) throw new Error(`--only: none of ${SCENARIOS.map((s) => s.name).join(', ')}`);
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
  const dir = path.join(ROOT, '.data', `chaos-${stamp}`);
  fs.mkdirSync(dir, { recursive: true });
  console.error(`chaos: building (npm run build) …`);
  const built = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.js')], { encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`build failed:\n${built.stdout}\n${built.stderr}`);
  const cluster = pgCluster({ dir: path.join(dir, 'app-pg'), port: await freePort() });
  const stops: (() => Promise<unknown>)[] = [];
  const results: ScenarioResult[] = [];
  const out = path.join(ROOT, 'bench', 'results', `chaos-${stamp}.json`);
  // Written after every scenario: a run cut short keeps the figures it has.
  const writeResults = (done: ScenarioResult[]) =>
    fs.writeFileSync(
      out,
      `${JSON.stringify({ engine: ENGINE, units: UNITS, seed: Number(arg('seed') ?? 1), stamp, results: done }, null, 1)}\n`,
    );
  try {
    await cluster.start();
    stops.push(() => cluster.stop('fast'));
    console.error(`chaos: starting the ${ENGINE} engine …`);
    const engine = ENGINE === 'dev' ? await startDevEngine(dir) : await startPostgresEngine(dir);
    stops.push(() => engine.stop());
    const sink = await startSmtpServer({ parse: false });
    stops.push(() => sink.close());
    const gateway = await startSmsGateway();
    stops.push(() => gateway.close());
    for (const [i, sc] of scenarios.entries()) {
      console.error(`chaos: ${sc.name}: ${sc.description}`);
      results.push(await runScenario(sc, i, { engine, cluster, sink, gateway, dir, stamp }));
      writeResults(results);
    }
  } finally {
    for (const stop of stops.reverse()) await stop().catch((err: unknown) => console.error(String(err)));
  }

  console.log(`Fault runs, engine ${ENGINE}, ${UNITS} units, one run each (${path.relative(ROOT, out)}):\n`);
  console.log(table(results));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
