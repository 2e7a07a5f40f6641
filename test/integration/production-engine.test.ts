import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { loadConfig } from '../../config';
import { startTemporalServer, type TemporalServer } from '../../scripts/lib/temporal-server';
import { createActivityDeps } from '../../worker/deps';
import { createWorker } from '../../worker/worker';
import { runCli } from '../support/cli';
import { freshDatabase } from '../support/db';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp';
import { agenciesYaml } from '../support/agencies-yaml';

// The production engine: the real Temporal server (v1.29.1, from the Go module) on PostgreSQL with
// SQL visibility and the project's search attributes, started by the project's own scripts
// (scripts/lib/temporal-server.ts, the configuration docker-compose.yml runs). A drill runs through
// the CLI, as in cycle-e2e.test.ts, and the server is killed (SIGKILL) and restarted in the middle:
// the worker reconnects by itself, timers fire after the restart, every notice arrives once, and the
// drill goes through consolidation to its final close with nothing left running.
const YEAR = 2041;
const PERIOD = 'Q3';

const AGENCIES_YAML = agenciesYaml();

interface StatusJson {
  key: string;
  status: string;
  drill?: number;
  agencies: { agency: string; state: string; escalationLevel: number }[];
  totals: Record<string, number>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(500);
  }
}

describe('a drill cycle on the production engine (Temporal server on PostgreSQL), with a server crash in the middle', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-engine-'));
  fs.chmodSync(tmp, 0o755); // as root, PostgreSQL runs as the `postgres` user and must reach its folder
  let server: TemporalServer;
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let smtp: TestSmtpServer;
  let nativeConnection: NativeConnection;
  let connection: Connection;
  let worker: Worker;
  let running: Promise<void>;
  let closeDeps: () => void;
  let env: Record<string, string>;
  const taskQueue = `it-engine-${Date.now()}`;
  const cli = (...args: string[]) => runCli(args, env);
  const period = ['--year', String(YEAR), '--period', PERIOD];
  const cycle = [...period, '--drill', '1'];
  const KEY = `CCHC-${YEAR}-${PERIOD}-DT1`;
  const timings: Record<string, number> = {};

  beforeAll(async () => {
    const t0 = Date.now();
    server = await startTemporalServer({ dir: path.join(tmp, 'engine') });
    timings.freshStartMs = Date.now() - t0;
    database = await freshDatabase();
    smtp = await startSmtpServer();
    env = {
      DATABASE_URL: database.url,
      TEMPORAL_ADDRESS: server.address,
      TEMPORAL_NAMESPACE: server.namespace,
      TEMPORAL_TASK_QUEUE: taskQueue,
      SMTP_HOST: smtp.host,
      SMTP_PORT: String(smtp.port),
      SMS_PROVIDER: 'capture',
      CCHC_DEV_ENV: 'off', // never a developer's running `npm run dev`
    };
    nativeConnection = await NativeConnection.connect({ address: server.address });
    connection = await Connection.connect({ address: server.address });
    const deps = createActivityDeps(loadConfig(env), database.db);
    closeDeps = deps.close;
    worker = await createWorker({
      connection: nativeConnection,
      namespace: server.namespace,
      taskQueue,
      deps,
    });
    running = worker.run();
  }, 120_000);

  afterAll(async () => {
    worker?.shutdown();
    await running;
    closeDeps?.();
    await connection?.close();
    await nativeConnection?.close();
    await smtp?.close();
    await database?.drop();
    await server?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
    console.log(`production engine timings (ms): ${JSON.stringify({ ...timings, ...server?.timings })}`);
  }, 60_000);

  const subjectsTo = (address: string) =>
    smtp.messages.filter((m) => m.envelope.to.includes(address)).map((m) => m.parsed?.subject ?? '');
  const status = async () =>
    JSON.parse((await cli('cycle', 'status', ...cycle, '--json')).stdout) as StatusJson;
  const visible = async (query: string) => {
    const client = new Client({ connection, namespace: server.namespace });
    return (await client.workflow.count(query)).count;
  };

  it('opens, takes reports before and after the crash, sends overdue notices and escalations, consolidates', async () => {
    const agenciesFile = path.join(tmp, 'agencies.yaml');
    fs.writeFileSync(agenciesFile, AGENCIES_YAML);
    expect((await cli('agencies', 'import', agenciesFile)).code).toBe(0);

    // Steps of 30 s: the reminder goes 30 s before the deadline, far enough to come after the crash below.
    const dueAt = new Date(Date.now() + 70_000);
    const started = await cli(
      'drill',
      'start',
      ...period,
      '--due',
      dueAt.toISOString(),
      '--step',
      '30s',
      '--json',
    );
    expect(started.stderr).toBe('');
    expect(JSON.parse(started.stdout)).toMatchObject({
      workflowId: `cycle-${KEY}`,
      key: KEY,
      agencies: 3,
      drill: 1,
    });

    // Opening notices to the three focal points.
    await smtp.waitForMessages(3, 30_000);
    const submit = (agency: string, doc: string) =>
      until(`${agency}'s submission`, 20_000, async () => {
        const r = await cli('cycle', 'submit', ...cycle, '--agency', agency, '--doc', doc, '--json');
        return r.code === 0
          ? (JSON.parse(r.stdout) as { onTime: boolean; receiptNumber: string })
          : undefined;
      });
    expect(await submit('STP', '15/BC-STP')).toMatchObject({
      onTime: true,
      receiptNumber: `TN-${KEY}-STP-1`,
    });

    // The custom search attributes (keyword, int, bool), in SQL visibility.
    for (const query of [
      `CchcKind = "report" AND CchcYear = ${YEAR} AND CchcPeriod = "${PERIOD}"`,
      `CchcKind = "report" AND CchcCycle = "${KEY}" AND CchcRegime = "CCHC" AND CchcDrill = true`,
    ])
      expect(
        await until(`the reports in visibility (${query})`, 20_000, async () => {
          const n = await visible(query);
          return n === 3 ? n : undefined;
        }),
      ).toBe(3);

    // The crash: SIGKILL, a few seconds down, restarted from its PostgreSQL.
    const restart = await server.restartServer({ signal: 'SIGKILL', downMs: 3000 });
    timings.crashRestartStartMs = restart.startMs;
    expect(Date.now()).toBeLessThan(dueAt.getTime() - 30_000); // the reminder is still ahead

    // An update after the restart reaches the report (the worker has reconnected by itself).
    expect(await submit('SNV', '20/BC-SNV')).toMatchObject({
      onTime: true,
      receiptNumber: `TN-${KEY}-SNV-1`,
    });

    // After the deadline SYT, which never reported, is overdue in visibility.
    await until('SYT overdue in visibility', dueAt.getTime() - Date.now() + 60_000, async () =>
      (await visible(
        `CchcKind = "report" AND CchcAgency = "SYT" AND CchcState = "OVERDUE" AND CchcCycle = "${KEY}"`,
      )) === 1
        ? true
        : undefined,
    );

    // Consolidation: the summary to UBND tỉnh; the cycle is CONSOLIDATED (SYT still owes its
    // report), then, by the drill's own timing, CLOSED with nothing left running.
    await until('the summary to UBND tỉnh', 240_000, async () =>
      subjectsTo('vanthu@ubnd.example').length > 0 ? true : undefined,
    );
    expect(
      (
        await until('the cycle consolidated', 30_000, async () => {
          const s = await status();
          return s.status !== 'OPEN' ? s : undefined;
        })
      ).status,
    ).toBe('CONSOLIDATED');
    const final = await until('the final close', 180_000, async () => {
      const s = await status();
      return s.status === 'CLOSED' ? s : undefined;
    });
    expect(final).toMatchObject({ key: KEY, drill: 1 });
    expect(final.totals).toMatchObject({ agencies: 3, SUBMITTED_ON_TIME: 2, OVERDUE: 1 });
    expect(final.agencies.find((a) => a.agency === 'SYT')!.escalationLevel).toBe(2);
    await until('no workflow of the drill running', 30_000, async () =>
      (await visible(`CchcCycle = "${KEY}" AND ExecutionStatus = "Running"`)) === 0 ? true : undefined,
    );

    // The notices that arrived: opening and receipt, overdue to SYT's focal point and head,
    // escalations to Sở Nội vụ, the summary; each one once (Message-IDs are per notification).
    expect(subjectsTo('daumoi@stp.example')).toHaveLength(2);
    expect(subjectsTo('daumoi@snv.example')).toHaveLength(2); // reported before the reminder
    // SYT, owing to the end: the overdue notice 5 s after the deadline, the two escalations 30 s
    // apart, then the notice again every step (30 s) after the last escalation until the final
    // close, 3 × 30 s after the consolidation (itself 3 steps after the overdue notice):
    // due+5 s, then repeats at due+95 s, +125 s, +155 s (not +185 s, the close itself): 4 notices.
    const overdueNotice = expect.stringMatching(/^\[DIỄN TẬP\] \[CCHC\] Quá hạn gửi báo cáo/);
    expect(subjectsTo('daumoi@syt.example')).toEqual([
      expect.stringMatching(/Triển khai báo cáo/),
      expect.stringMatching(/Nhắc hạn gửi báo cáo/),
      ...Array(4).fill(overdueNotice),
    ]);
    expect(subjectsTo('giamdoc@syt.example')).toEqual(Array(4).fill(overdueNotice));
    expect(subjectsTo('phongcchc@snv.example').length).toBeGreaterThanOrEqual(1);
    expect(subjectsTo('giamdoc@snv.example').length).toBeGreaterThanOrEqual(1);
    expect(subjectsTo('vanthu@ubnd.example')).toHaveLength(1);
    // A drill's every message says so.
    expect(
      smtp.messages.map((m) => m.parsed?.subject ?? '').filter((s) => !s.startsWith('[DIỄN TẬP]')),
    ).toEqual([]);
    const messageIds = smtp.messages.map((m) => m.parsed?.messageId);
    expect(new Set(messageIds).size).toBe(messageIds.length);
    const rows = await database.db.notification.findMany({ where: { channel: 'EMAIL' } });
    expect(rows.filter((r) => r.status !== 'SENT')).toEqual([]);
    expect(rows).toHaveLength(smtp.messages.length);
    expect(await database.db.escalation.count({ where: { agencyCode: 'SYT', level: { in: [1, 2] } } })).toBe(
      2,
    );
  }, 540_000);

  it('survives a PostgreSQL restart under it: starts fail while it is down, work resumes after', async () => {
    const client = new Client({ connection, namespace: server.namespace });
    let t = Date.now();
    await server.stopPostgres('immediate');
    timings.pgStopMs = Date.now() - t;
    t = Date.now();
    // The SDK keeps retrying an unavailable server for a while: bounded here to 10 s.
    const refused = await connection
      .withDeadline(Date.now() + 10_000, () =>
        client.workflow.start('cchcNoSuchWorkflow', {
          taskQueue: 'it-engine-idle',
          workflowId: 'it-engine-pg-down',
        }),
      )
      .then(
        () => undefined,
        (err: Error) => err,
      );
    expect(refused).toBeInstanceOf(Error);
    console.log(
      `a start while PostgreSQL is down: ${refused?.message}: ${(refused?.cause as Error | undefined)?.message}`,
    );
    timings.startRefusedWhilePgDownMs = Date.now() - t;
    t = Date.now();
    await server.startPostgres();
    timings.pgStartMs = Date.now() - t;
    t = Date.now();
    const handle = await until('a workflow start after PostgreSQL is back', 60_000, () =>
      client.workflow.start('cchcNoSuchWorkflow', {
        taskQueue: 'it-engine-idle',
        workflowId: 'it-engine-pg-back',
      }),
    );
    timings.firstStartAfterPgMs = Date.now() - t;
    await until('the workflow in visibility', 30_000, async () =>
      (await visible(`WorkflowId = "${handle.workflowId}"`)) === 1 ? true : undefined,
    );
    await handle.terminate('test over');
  }, 120_000);
});
