import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { bundleWorkflowCode } from '@temporalio/worker';
import pg from 'pg';
import { startCycle } from '../client/services/cycles';
import { ServiceContext } from '../client/services/context';
import { ALL_SEARCH_ATTRIBUTES } from '../domain/search-attributes';
import { freePort } from '../scripts/lib/ports';
import { startEmbeddedPostgres } from '../scripts/lib/postgres';
import { startTemporalDevServer } from '../scripts/lib/temporal-dev';
import { startTemporalServer } from '../scripts/lib/temporal-server';
import { startSmtpServer } from '../test/support/smtp';
import { workflowBundlerOptions } from '../worker/worker';

// Fan-out of a cycle against a bare workflow of the same shape, in the same run, on the same server:
//   npm run bench:fanout -- --units N [--rounds 3] [--engine dev|postgres] [--only bare|project] [--keep]
//                           [--profile DIR]
// --profile DIR: the workers run with V8's CPU profiler, one profile per thread written to DIR at exit.
// bare:    a parent starts N children in batches of 50; each runs one no-op activity, then waits
//          (as a report waits for its deadline). Its own bundle (bench/fanout/bare-workflows.ts)
//          and worker process (SDK defaults).
// project: the real reportingCycle of N seeded units (embedded PostgreSQL, migrations, an SMTP
//          sink), opened by the service layer; its worker is `worker/main.ts` in a process of its own.
// Each phase has a task queue of its own; the workers' RSS (VmRSS/VmHWM) and CPU (utime+stime) are
// read from /proc. Children started: the last ChildWorkflowExecutionStarted in the parent's runs;
// openings sent: the last sentAt of the cycle's opening notices (bare: the N-th no-op activity).

const ROOT = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const wholeNumber = (name: string, fallback: number) => {
  const raw = flag(name);
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name}: expected a positive whole number`);
  return value;
};
const UNITS = wholeNumber('units', 500);
const ROUNDS = wholeNumber('rounds', 3);
const ENGINE = flag('engine') ?? 'dev';
if (ENGINE !== 'dev' && ENGINE !== 'postgres') throw new Error('--engine: expected dev or postgres');
const ONLY = flag('only');
const PROFILE_DIR = args.includes('--profile') ? path.resolve(flag('profile') ?? '') : undefined;
if (args.includes('--profile') && !flag('profile')) throw new Error('--profile: expected a directory');
if (ONLY !== undefined && ONLY !== 'bare' && ONLY !== 'project')
  throw new Error('--only: expected bare or project');
const BATCH = 50;
const YEAR = 2027;
/** The default policy's periods (a cycle per round, so no round finds the last one's workflows). */
const PERIODS = ['Q1', 'H1', 'Q3', 'YEAR'];
if (ROUNDS > PERIODS.length) throw new Error(`--rounds: at most ${PERIODS.length} (one period per round)`);
/** A phase that has not finished by then is recorded as it stands. */
const PHASE_TIMEOUT_MS = 180_000 + UNITS * 1_000;
const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (...parts: unknown[]) => console.log(`[${new Date().toISOString().slice(11, 19)}]`, ...parts);

interface ProcSample {
  rssMb: number;
  hwmMb: number;
  cpuS: number;
  /**
   * CPU of the process's main thread (activities: Prisma, nodemailer) and of its busiest other
   * thread, the workflow thread (Node names its worker threads `node` too, so it is told by load).
   */
  mainThreadCpuS: number;
  workflowThreadCpuS: number;
}

const ticksOf = (stat: string) => {
  // Fields after the command name (which may hold spaces): utime and stime are the 14th and 15th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
};

function readProc(pid: number): ProcSample | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    const ticks = ticksOf(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
    let main = 0;
    let busiest = 0;
    for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
      let t = 0;
      try {
        t = ticksOf(fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8'));
      } catch {
        continue; // a thread that just ended
      }
      if (tid === String(pid)) main = t;
      else busiest = Math.max(busiest, t);
    }
    return {
      rssMb: kb('VmRSS') / 1024,
      hwmMb: kb('VmHWM') / 1024,
      cpuS: ticks / CLK_TCK,
      mainThreadCpuS: main / CLK_TCK,
      workflowThreadCpuS: busiest / CLK_TCK,
    };
  } catch {
    return undefined;
  }
}

interface WorkerProcess {
  child: ChildProcess;
  logFile: string;
  /** Lines the worker printed, as they come. */
  onLine(fn: (line: string) => void): void;
  exited: Promise<number | null>;
}

function spawnWorker(name: string, script: string, env: NodeJS.ProcessEnv, dir: string): WorkerProcess {
  const logFile = path.join(dir, `${name}.log`);
  const out = fs.createWriteStream(logFile);
  const profile = PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${path.join(PROFILE_DIR, name)}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', script], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const listeners: ((line: string) => void)[] = [];
  let buffered = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    out.write(chunk);
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) for (const fn of listeners) fn(line);
  });
  child.stderr!.on('data', (chunk: Buffer) => out.write(chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, logFile, onLine: (fn) => listeners.push(fn), exited };
}

async function stopWorker(w: WorkerProcess): Promise<void> {
  if (w.child.exitCode !== null || w.child.signalCode !== null) return;
  w.child.kill('SIGTERM');
  const done = await Promise.race([w.exited.then(() => true), sleep(20_000).then(() => false)]);
  if (!done) {
    w.child.kill('SIGKILL');
    await w.exited;
  }
}

/** Bytes of the largest Payloads (input, result, signal argument...) anywhere in an event. */
function largestPayloads(value: unknown, seen = 0): number {
  if (!value || typeof value !== 'object') return seen;
  if (ArrayBuffer.isView(value)) return seen;
  const record = value as Record<string, unknown>;
  let best = seen;
  if (Array.isArray(record.payloads)) {
    const size = (
      record.payloads as { data?: Uint8Array | null; metadata?: Record<string, Uint8Array> }[]
    ).reduce(
      (n, p) =>
        n +
        (p.data?.length ?? 0) +
        Object.entries(p.metadata ?? {}).reduce((m, [k, v]) => m + k.length + (v?.length ?? 0), 0),
      0,
    );
    best = Math.max(best, size);
  }
  for (const v of Object.values(record)) if (v && typeof v === 'object') best = largestPayloads(v, best);
  return best;
}

interface HistoryStats {
  runs: number;
  /** Events of the longest run, and of all runs together. */
  maxRunEvents: number;
  totalEvents: number;
  maxRunBytes: number;
  largestPayloadBytes: number;
  childrenStarted: number;
  lastChildStartedAt?: number;
}

async function historyOf(client: Client, workflowId: string): Promise<HistoryStats> {
  const runIds: string[] = [];
  for await (const wf of client.workflow.list({ query: `WorkflowId = "${workflowId}"` }))
    runIds.push(wf.runId);
  const stats: HistoryStats = {
    runs: runIds.length,
    maxRunEvents: 0,
    totalEvents: 0,
    maxRunBytes: 0,
    largestPayloadBytes: 0,
    childrenStarted: 0,
  };
  for (const runId of runIds) {
    const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    const events = history.events ?? [];
    stats.totalEvents += events.length;
    stats.maxRunEvents = Math.max(stats.maxRunEvents, events.length);
    stats.maxRunBytes = Math.max(
      stats.maxRunBytes,
      temporal.api.history.v1.History.encode(history).finish().length,
    );
    for (const e of events) {
      stats.largestPayloadBytes = largestPayloads(e, stats.largestPayloadBytes);
      if (e.childWorkflowExecutionStartedEventAttributes) {
        stats.childrenStarted += 1;
        const at = Number(e.eventTime?.seconds ?? 0) * 1000 + Math.floor((e.eventTime?.nanos ?? 0) / 1e6);
        stats.lastChildStartedAt = Math.max(stats.lastChildStartedAt ?? 0, at);
      }
    }
  }
  return stats;
}

/** One child's history: events, workflow tasks, activities, its input's size. */
async function childStats(client: Client, workflowId: string) {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const events = history.events ?? [];
  const first = events[0]?.workflowExecutionStartedEventAttributes;
  return {
    events: events.length,
    workflowTasks: events.filter((e) => e.workflowTaskCompletedEventAttributes).length,
    activities: events.filter((e) => e.activityTaskScheduledEventAttributes).length,
    inputBytes: largestPayloads(first?.input ?? {}),
  };
}

interface PhaseResult {
  phase: 'bare' | 'project';
  round: number;
  units: number;
  ok: boolean;
  error?: string;
  /** ms from the parent's start to the N-th child started, and to the N-th opening sent / no-op done. */
  startedMs?: number;
  sentMs?: number;
  childrenPerSecStarted?: number;
  childrenPerSecSent?: number;
  childrenStarted: number;
  sent: number;
  workerPeakRssMb: number;
  workerHwmMb: number;
  workerCpuS: number;
  mainThreadCpuS: number;
  workflowThreadCpuS: number;
  workerStartupCpuS: number;
  workerOutOfMemory: number;
  loadavg: { before: number[]; after: number[] };
  parent?: HistoryStats;
  child?: Awaited<ReturnType<typeof childStats>>;
  /** The dev server's own count, during the fan-out: API calls it served, and its database operations. */
  server?: { apiRequests: number; persistenceRequests: number };
}

/** Sums the server's `service_requests` and `persistence_requests` counters (every label set). */
async function serverCounters(metricsUrl: string | undefined) {
  if (!metricsUrl) return undefined;
  const text = await (await fetch(metricsUrl)).text();
  const sum = (name: string) =>
    text
      .split('\n')
      .filter((line) => line.startsWith(`${name}{`))
      .reduce((total, line) => total + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
  return { apiRequests: sum('service_requests'), persistenceRequests: sum('persistence_requests') };
}

async function runPhase(opts: {
  phase: 'bare' | 'project';
  round: number;
  client: Client;
  dir: string;
  workerScript: string;
  workerEnv: NodeJS.ProcessEnv;
  ready: RegExp;
  start: () => Promise<string>;
  /** How many openings are sent (or no-ops done) now, and when the last one was. */
  progress: (worker: WorkerProcess) => Promise<{ count: number; lastAt?: number }>;
  sampleChildId: string;
  /** The dev server's metrics endpoint (absent on the real server). */
  metricsUrl?: string;
}): Promise<PhaseResult> {
  const result: PhaseResult = {
    phase: opts.phase,
    round: opts.round,
    units: UNITS,
    ok: false,
    childrenStarted: 0,
    sent: 0,
    workerPeakRssMb: 0,
    workerHwmMb: 0,
    workerCpuS: 0,
    mainThreadCpuS: 0,
    workflowThreadCpuS: 0,
    workerStartupCpuS: 0,
    workerOutOfMemory: 0,
    loadavg: { before: os.loadavg(), after: [] },
  };
  const worker = spawnWorker(`${opts.phase}-${opts.round}`, opts.workerScript, opts.workerEnv, opts.dir);
  const pid = worker.child.pid!;
  let peak = 0;
  const sampler = setInterval(() => {
    const s = readProc(pid);
    if (s) peak = Math.max(peak, s.rssMb);
  }, 250);
  let parentId: string | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      worker.onLine((line) => {
        if (opts.ready.test(line)) resolve();
      });
      void worker.exited.then((code) => reject(new Error(`worker exited (${code}) before ready`)));
      setTimeout(() => reject(new Error('worker not ready after 180 s')), 180_000);
    });
    const atReady = readProc(pid)!;
    result.workerStartupCpuS = atReady.cpuS;
    const countedBefore = await serverCounters(opts.metricsUrl);
    const t0 = Date.now();
    parentId = await opts.start();
    const deadline = t0 + PHASE_TIMEOUT_MS;
    let lastLog = 0;
    for (;;) {
      const p = await opts.progress(worker);
      result.sent = p.count;
      if (p.count >= UNITS) {
        result.sentMs = (p.lastAt ?? Date.now()) - t0;
        break;
      }
      if (worker.child.exitCode !== null) throw new Error(`worker exited (${worker.child.exitCode})`);
      if (Date.now() > deadline) throw new Error(`timed out after ${PHASE_TIMEOUT_MS / 1000} s`);
      if (Date.now() - lastLog > 15_000) {
        const s = readProc(pid);
        log(
          `  ${opts.phase}: ${p.count}/${UNITS} sent, worker ${s?.rssMb.toFixed(0)} MB, cpu ${s?.cpuS.toFixed(0)} s`,
        );
        lastLog = Date.now();
      }
      await sleep(500);
    }
    const end = readProc(pid)!;
    result.workerCpuS = end.cpuS - atReady.cpuS;
    result.mainThreadCpuS = end.mainThreadCpuS - atReady.mainThreadCpuS;
    result.workflowThreadCpuS = end.workflowThreadCpuS - atReady.workflowThreadCpuS;
    result.workerHwmMb = end.hwmMb;
    const countedAfter = await serverCounters(opts.metricsUrl);
    if (countedBefore && countedAfter)
      result.server = {
        apiRequests: countedAfter.apiRequests - countedBefore.apiRequests,
        persistenceRequests: countedAfter.persistenceRequests - countedBefore.persistenceRequests,
      };
    result.ok = true;
    // The parent's last batch may still be recording its start events.
    const until = Date.now() + 60_000;
    do {
      result.parent = await historyOf(opts.client, parentId);
      if (result.parent.childrenStarted >= UNITS) break;
      await sleep(1000);
    } while (Date.now() < until);
    result.childrenStarted = result.parent.childrenStarted;
    if (result.parent.lastChildStartedAt) result.startedMs = result.parent.lastChildStartedAt - t0;
    if (result.startedMs) result.childrenPerSecStarted = UNITS / (result.startedMs / 1000);
    if (result.sentMs) result.childrenPerSecSent = UNITS / (result.sentMs / 1000);
    result.child = await childStats(opts.client, opts.sampleChildId);
  } catch (err) {
    result.error = (err as Error).message;
    const end = readProc(pid);
    if (end) {
      result.workerCpuS = end.cpuS - result.workerStartupCpuS;
      result.workerHwmMb = end.hwmMb;
    }
    if (parentId) result.parent = await historyOf(opts.client, parentId).catch(() => undefined);
    result.childrenStarted = result.parent?.childrenStarted ?? 0;
  } finally {
    clearInterval(sampler);
    result.workerPeakRssMb = Math.max(peak, result.workerHwmMb);
    await stopWorker(worker);
    result.loadavg.after = os.loadavg();
    result.workerOutOfMemory = (fs.readFileSync(worker.logFile, 'utf8').match(/OUT_OF_MEMORY/g) ?? []).length;
  }
  return result;
}

async function seedUnits(url: string, units: number): Promise<void> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    // Units in bulk, each with a focal point who gets the opening notice; the collector and UBND tỉnh.
    await db.query(`
      INSERT INTO "Agency" (code, name, kind, "updatedAt") VALUES
        ('UBND_TINH', 'Ủy ban nhân dân tỉnh Đồng Tháp', 'PROVINCE', now()),
        ('SNV', 'Sở Nội vụ', 'DEPARTMENT', now())`);
    await db.query(
      `INSERT INTO "Agency" (code, name, kind, "updatedAt")
       SELECT 'X' || lpad(i::text, 6, '0'), 'UBND xã thử nghiệm số ' || i, 'COMMUNE', now()
       FROM generate_series(1, $1::int - 1) AS i`,
      [units],
    );
    await db.query(`
      INSERT INTO "Contact" ("agencyId", role, name, email, "updatedAt")
      SELECT id, 'FOCAL_POINT', 'Đầu mối ' || code, lower(code) || '@bench.example', now() FROM "Agency"`);
    await db.query(`
      INSERT INTO "Contact" ("agencyId", role, name, email, "updatedAt")
      SELECT id, r.role::"ContactRole", 'Người nhận ' || r.role, lower(r.role) || '@bench.example', now()
      FROM "Agency", (VALUES ('SNV_DESK'), ('SNV_DIRECTOR'), ('UBND')) AS r(role)
      WHERE code IN ('SNV', 'UBND_TINH')`);
  } finally {
    await db.end();
  }
}

const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return undefined;
  return { min: sorted[0]!, median: sorted[Math.floor((sorted.length - 1) / 2)]!, max: sorted.at(-1)! };
};

async function main(): Promise<void> {
  const started = new Date();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-fanout-'));
  const stops: (() => Promise<unknown>)[] = [];
  const results: PhaseResult[] = [];
  const loadBefore = os.loadavg();
  log(
    `fan-out bench: ${UNITS} units, ${ROUNDS} round(s), engine ${ENGINE}, load ${loadBefore.map((l) => l.toFixed(1)).join(' ')}`,
  );
  try {
    // Both bundles are built once here: the workers do not run webpack at start-up.
    const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error };
    const bareBundle = path.join(dir, 'bare-bundle.js');
    const projectBundle = path.join(dir, 'workflow-bundle.js');
    fs.writeFileSync(
      bareBundle,
      (
        await bundleWorkflowCode({
          workflowsPath: path.join(__dirname, 'fanout', 'bare-workflows.ts'),
          logger: quiet,
        })
      ).code,
    );
    const projectCode = (
      await bundleWorkflowCode({
        workflowsPath: path.join(ROOT, 'workflows', 'index.ts'),
        logger: quiet,
        ...workflowBundlerOptions,
      })
    ).code;
    fs.writeFileSync(projectBundle, projectCode);
    const bundleMb = {
      bare: fs.statSync(bareBundle).size / 1e6,
      project: projectCode.length / 1e6,
    };
    log(`bundles: bare ${bundleMb.bare.toFixed(2)} MB, project ${bundleMb.project.toFixed(2)} MB`);

    const database = await startEmbeddedPostgres({
      dataDir: path.join(dir, 'pg'),
      port: await freePort(),
      database: 'cchc_bench',
      persistent: false,
    });
    stops.push(() => database.stop());
    const migrated = spawnSync(
      process.execPath,
      [path.join(ROOT, 'scripts', 'prisma.js'), 'migrate', 'deploy'],
      {
        env: { ...process.env, DATABASE_URL: database.url },
        encoding: 'utf8',
      },
    );
    if (migrated.status !== 0)
      throw new Error(`migrate deploy failed:\n${migrated.stdout}\n${migrated.stderr}`);
    await seedUnits(database.url, UNITS);
    const smtp = await startSmtpServer({ parse: false });
    stops.push(() => smtp.close());

    let address: string;
    let metricsPort: number | undefined;
    let namespace: string;
    if (ENGINE === 'dev') {
      metricsPort = await freePort();
      const env = await startTemporalDevServer({ metricsPort });
      stops.push(() => env.teardown());
      address = env.connection.options.address;
      namespace = 'default';
    } else {
      const server = await startTemporalServer({
        dir: path.join(dir, 'temporal-server'),
        namespace: 'cchc-bench',
        searchAttributes: ALL_SEARCH_ATTRIBUTES,
      });
      stops.push(() => server.stop());
      address = server.address;
      namespace = server.namespace;
    }
    const metricsUrl = metricsPort ? `http://127.0.0.1:${metricsPort}/metrics` : undefined;
    const connection = await Connection.connect({ address });
    stops.push(() => connection.close());
    const client = new Client({ connection, namespace });
    const mirror = new pg.Client({ connectionString: database.url });
    await mirror.connect();
    stops.push(() => mirror.end());

    for (let round = 1; round <= ROUNDS; round++) {
      const tag = `${Date.now().toString(36)}-${round}`;
      if (ONLY !== 'project') {
        log(`round ${round}: bare`);
        const taskQueue = `bench-bare-${tag}`;
        let done = 0;
        let lastAt: number | undefined;
        let listening = false;
        const r = await runPhase({
          phase: 'bare',
          round,
          client,
          dir,
          workerScript: path.join(__dirname, 'fanout', 'bare-worker.ts'),
          workerEnv: {
            TEMPORAL_ADDRESS: address,
            TEMPORAL_NAMESPACE: namespace,
            TEMPORAL_TASK_QUEUE: taskQueue,
            BENCH_BARE_BUNDLE: bareBundle,
          },
          ready: /bare worker ready/,
          start: async () => {
            const workflowId = `bench-bare-parent-${tag}`;
            await client.workflow.start('bareParent', {
              workflowId,
              taskQueue,
              args: [{ units: UNITS, batch: BATCH, prefix: `bench-bare-${tag}` }],
            });
            return workflowId;
          },
          progress: async (worker) => {
            if (!listening)
              worker.onLine((line) => {
                const m = /^noop (\d+) (\d+)$/.exec(line);
                if (m) [done, lastAt] = [Number(m[1]), Number(m[2])];
              });
            listening = true;
            return { count: done, lastAt };
          },
          sampleChildId: `bench-bare-${tag}-0`,
          metricsUrl,
        });
        results.push(r);
        log(`  bare: ${JSON.stringify(summaryLine(r))}`);
      }
      if (ONLY !== 'bare') {
        const period = PERIODS[round - 1]!;
        log(`round ${round}: project (CCHC ${YEAR} ${period})`);
        const taskQueue = `bench-project-${tag}`;
        const env: NodeJS.ProcessEnv = {
          TEMPORAL_ADDRESS: address,
          TEMPORAL_NAMESPACE: namespace,
          TEMPORAL_TASK_QUEUE: taskQueue,
          DATABASE_URL: database.url,
          SMTP_HOST: smtp.host,
          SMTP_PORT: String(smtp.port),
          SMS_PROVIDER: 'capture',
          CCHC_DATA_DIR: path.join(dir, 'data'),
          CCHC_DEV_ENV: 'off',
          CCHC_WORKFLOW_BUNDLE: projectBundle,
          LOG_LEVEL: 'WARN',
        };
        const prefix = `report-CCHC-${YEAR}-${period}-`;
        const ctx = new ServiceContext(env);
        const r = await runPhase({
          phase: 'project',
          round,
          client,
          dir,
          workerScript: path.join(ROOT, 'worker', 'main.ts'),
          workerEnv: env,
          ready: /worker ready/,
          start: async () => (await startCycle(ctx, { year: YEAR, period })).workflowId,
          progress: async () => {
            const { rows } = await mirror.query<{ n: string; last: Date | null }>(
              `SELECT count(*) AS n, max("sentAt") AS last FROM "Notification"
               WHERE purpose = 'CYCLE_OPENING' AND status = 'SENT' AND "workflowId" LIKE $1`,
              [`${prefix}%`],
            );
            return { count: Number(rows[0]!.n), lastAt: rows[0]!.last?.getTime() };
          },
          sampleChildId: `${prefix}X000001`,
          metricsUrl,
        });
        await ctx.close();
        results.push(r);
        log(`  project: ${JSON.stringify(summaryLine(r))}`);
      }
    }
    const report = buildReport({ started, bundleMb, loadBefore, results });
    const stamp = started.toISOString().replace(/[:.]/g, '-').slice(0, 19);
    const base = path.join(ROOT, 'bench', 'results', `fanout-${UNITS}-${ENGINE}-${stamp}`);
    fs.mkdirSync(path.dirname(base), { recursive: true });
    fs.writeFileSync(`${base}.json`, `${JSON.stringify(report.json, null, 1)}\n`);
    fs.writeFileSync(`${base}.md`, report.md);
    console.log(`\n${report.md}\nwritten: ${path.relative(ROOT, base)}.{json,md}`);
  } finally {
    for (const stop of stops.reverse()) await stop().catch((err: unknown) => console.warn(String(err)));
    if (args.includes('--keep')) console.log(`kept: ${dir} (worker logs)`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}

const summaryLine = (r: PhaseResult) => ({
  ok: r.ok,
  error: r.error,
  startedPerS: r.childrenPerSecStarted?.toFixed(1),
  sentPerS: r.childrenPerSecSent?.toFixed(1),
  peakRssMb: Math.round(r.workerPeakRssMb),
  cpuS: r.workerCpuS.toFixed(1),
  events: r.parent?.maxRunEvents,
  runs: r.parent?.runs,
  oom: r.workerOutOfMemory,
});

function buildReport(input: {
  started: Date;
  bundleMb: { bare: number; project: number };
  loadBefore: number[];
  results: PhaseResult[];
}) {
  // Figures from the phases that finished; a failed one is listed below the table, not averaged in.
  const of = (phase: PhaseResult['phase']) => input.results.filter((r) => r.phase === phase && r.ok);
  const metric = (phase: PhaseResult['phase'], pick: (r: PhaseResult) => number | undefined) =>
    stats(
      of(phase)
        .map(pick)
        .filter((v): v is number => v !== undefined && Number.isFinite(v)),
    );
  const rows: [string, (r: PhaseResult) => number | undefined, number, 'higher' | 'lower'][] = [
    ['children/s, started', (r) => r.childrenPerSecStarted, 1, 'higher'],
    ['children/s, openings sent', (r) => r.childrenPerSecSent, 1, 'higher'],
    ['time to all started (s)', (r) => (r.startedMs ? r.startedMs / 1000 : undefined), 1, 'lower'],
    ['time to all sent (s)', (r) => (r.sentMs ? r.sentMs / 1000 : undefined), 1, 'lower'],
    ['worker peak RSS (MB)', (r) => r.workerPeakRssMb, 0, 'lower'],
    ['worker CPU during fan-out (s)', (r) => r.workerCpuS, 1, 'lower'],
    ['  main thread: activities (s)', (r) => r.mainThreadCpuS, 1, 'lower'],
    ['  busiest other thread: workflows (s)', (r) => r.workflowThreadCpuS, 1, 'lower'],
    ['parent runs', (r) => r.parent?.runs, 0, 'lower'],
    ['events, longest run', (r) => r.parent?.maxRunEvents, 0, 'lower'],
    ['events, all runs', (r) => r.parent?.totalEvents, 0, 'lower'],
    ['history bytes, largest run', (r) => r.parent?.maxRunBytes, 0, 'lower'],
    ['largest payload (bytes)', (r) => r.parent?.largestPayloadBytes, 0, 'lower'],
    ['server: API requests', (r) => r.server?.apiRequests, 0, 'lower'],
    ['server: database operations', (r) => r.server?.persistenceRequests, 0, 'lower'],
    ['child: input bytes', (r) => r.child?.inputBytes, 0, 'lower'],
    ['child: events', (r) => r.child?.events, 0, 'lower'],
    ['child: workflow tasks', (r) => r.child?.workflowTasks, 0, 'lower'],
    ['child: activities', (r) => r.child?.activities, 0, 'lower'],
  ];
  const fmt = (v: number | undefined, digits: number) => (v === undefined ? '–' : v.toFixed(digits));
  const table = rows.map(([name, pick, digits]) => {
    const b = metric('bare', pick);
    const p = metric('project', pick);
    const ratio = b && p && b.median > 0 ? p.median / b.median : undefined;
    return {
      name,
      bare: b,
      project: p,
      ratio,
      line: `| ${name} | ${fmt(b?.median, digits)} (${fmt(b?.min, digits)}–${fmt(b?.max, digits)}) | ${fmt(p?.median, digits)} (${fmt(p?.min, digits)}–${fmt(p?.max, digits)}) | ${ratio === undefined ? '–' : `${ratio.toFixed(2)}×`} |`,
    };
  });
  const loads = input.results.flatMap((r) => [r.loadavg.before[0]!, r.loadavg.after[0]!]);
  const failures = input.results.filter((r) => !r.ok);
  const md = [
    `# Fan-out: ${UNITS} units, ${ENGINE === 'dev' ? 'Temporal CLI dev server (in-memory SQLite)' : 'Temporal server 1.29 on PostgreSQL'}`,
    '',
    `Run ${input.started.toISOString()} on Node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim()}), ` +
      `${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; ${ROUNDS} round(s), bare then project in each, one task queue per phase.`,
    `Machine load (1-min average) before the run ${input.loadBefore[0]!.toFixed(1)}; during the phases ` +
      `${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} (shared machine: absolute figures move with it, ratios less).`,
    `Workflow bundles: bare ${input.bundleMb.bare.toFixed(2)} MB, project ${input.bundleMb.project.toFixed(2)} MB.`,
    '',
    '| metric | bare median (min–max) | project median (min–max) | project / bare |',
    '|---|---:|---:|---:|',
    ...table.map((t) => t.line),
    '',
    failures.length
      ? `Failed phases: ${failures.map((f) => `${f.phase} round ${f.round}: ${f.error} (${f.sent}/${UNITS} sent, ${f.childrenStarted} started)`).join('; ')}`
      : 'Every phase started all children and sent every opening.',
    `Worker out-of-memory errors in the logs: ${input.results.reduce((n, r) => n + r.workerOutOfMemory, 0)}.`,
    '',
  ].join('\n');
  return {
    md,
    json: {
      units: UNITS,
      rounds: ROUNDS,
      engine: ENGINE,
      started: input.started.toISOString(),
      node: process.version,
      cpus: os.cpus().length,
      loadBefore: input.loadBefore,
      bundleMb: input.bundleMb,
      summary: table.map(({ name, bare, project, ratio }) => ({ name, bare, project, ratio })),
      results: input.results,
    },
  };
}

main().catch((err: unknown) => {
  console.error(`bench failed: ${(err as Error).stack ?? String(err)}`);
  process.exit(1);
});
