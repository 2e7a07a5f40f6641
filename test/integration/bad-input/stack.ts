import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import pg from 'pg';
import { loadConfig } from '../../../config';
import { createWorkingCalendar, vnDateOf, yearOf } from '../../../domain/calendar';
import { createActivityDeps } from '../../../worker/deps';
import { createWorker } from '../../../worker/worker';
import { runCliInProcess, type CliResult } from '../../support/cli';
import { freshDatabase } from '../../support/db';
import { startSmtpServer, type TestSmtpServer } from '../../support/smtp';

// What the bad-input corpus runs against: its own database with a few agencies, an SMTP server, a
// worker on its own task queue, one running inspection plan and one open reporting cycle (so that
// a bad value reaches the validators behind the lookups), and a snapshot of everything a refused
// input must leave as it was.

const calendar = createWorkingCalendar();
const visit = calendar.addWorkingDays(vnDateOf(Date.now()), 8);

export const TARGET = {
  planYear: yearOf(visit),
  planCode: `BAD-${Date.now().toString(36).toUpperCase()}`,
  visit,
  cycleYear: 2027,
  cyclePeriod: 'YEAR',
  /** Agencies inspected by the plan and reporting in the cycle. */
  agencies: ['STP', 'STC'],
};
export const PLAN_REF = `${TARGET.planYear}/${TARGET.planCode}`;

const AGENCIES = [
  {
    code: 'UBND_TINH',
    name: 'Ủy ban nhân dân tỉnh',
    kind: 'PROVINCE' as const,
    reporting: false,
    contacts: [{ role: 'UBND' as const, name: 'Văn thư UBND', email: 'vanthu.ubnd@dongthap.example' }],
  },
  {
    code: 'SNV',
    name: 'Sở Nội vụ',
    reporting: false,
    contacts: [
      { role: 'SNV_DESK', name: 'Phòng CCHC', email: 'phongcchc.snv@dongthap.example' },
      { role: 'SNV_DIRECTOR', name: 'Giám đốc SNV', email: 'giamdoc.snv@dongthap.example' },
    ],
  },
  { code: 'SCU', name: 'Sở Cũ (đã giải thể)', reporting: true, active: false, contacts: [] },
  ...[
    ['STP', 'Sở Tư pháp'],
    ['STC', 'Sở Tài chính'],
  ].map(([code, name]) => ({
    code: code!,
    name: name!,
    reporting: true,
    contacts: [
      {
        role: 'FOCAL_POINT' as const,
        name: `Đầu mối ${code}`,
        email: `daumoi.${code!.toLowerCase()}@dongthap.example`,
      },
      {
        role: 'HEAD' as const,
        name: `Thủ trưởng ${code}`,
        email: `thutruong.${code!.toLowerCase()}@dongthap.example`,
      },
    ],
  })),
] as const;

export function planYaml(over: { code?: string; body?: string } = {}): string {
  return (
    over.body ??
    [
      `year: ${TARGET.planYear}`,
      `code: ${over.code ?? TARGET.planCode}`,
      'decisionRef: Quyết định số 123/QĐ-UBND ngày 10/01/2022',
      'team:',
      '  lead: { agency: SNV, role: snv_desk }',
      'inspections:',
      ...TARGET.agencies.flatMap((a) => [
        `  - agency: ${a}`,
        `    visitDate: ${visit}`,
        '    scope: Cải cách thủ tục hành chính',
      ]),
      '',
    ].join('\n')
  );
}

export interface Snapshot {
  /** Per table: row count and a digest of every row. */
  tables: Record<string, string>;
  /** Every workflow of the corpus's task queue, with its status and history length. */
  workflows: string[];
  schedules: string[];
}

export class Stack {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-bad-input-'));
  readonly taskQueue = `it-bad-input-${Date.now()}`;
  env: Record<string, string> = {};
  client!: Client;
  smtp!: TestSmtpServer;
  private database!: Awaited<ReturnType<typeof freshDatabase>>;
  private pg!: pg.Client;
  private nativeConnection!: NativeConnection;
  private connection!: Connection;
  private worker?: Worker;
  private running?: Promise<void>;
  private closeDeps?: () => void;

  cli = (args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> =>
    runCliInProcess(args, { ...this.env, CCHC_DEBUG: undefined, ...env });

  file(name: string, content: string | Buffer): string {
    const file = path.join(this.dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    return file;
  }

  async start(): Promise<void> {
    this.database = await freshDatabase();
    for (const a of AGENCIES)
      await this.database.db.agency.create({
        data: {
          code: a.code,
          name: a.name,
          kind: 'kind' in a ? a.kind : 'DEPARTMENT',
          reporting: a.reporting,
          active: 'active' in a ? a.active : true,
          contacts: { create: [...a.contacts] },
        },
      });
    this.pg = new pg.Client({ connectionString: this.database.url });
    await this.pg.connect();
    this.smtp = await startSmtpServer();
    this.env = {
      DATABASE_URL: this.database.url,
      TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS!,
      TEMPORAL_TASK_QUEUE: this.taskQueue,
      SMTP_HOST: this.smtp.host,
      SMTP_PORT: String(this.smtp.port),
      SMS_PROVIDER: 'capture',
    };
    this.nativeConnection = await NativeConnection.connect({ address: this.env.TEMPORAL_ADDRESS });
    this.connection = await Connection.connect({ address: this.env.TEMPORAL_ADDRESS });
    this.client = new Client({ connection: this.connection });
    const deps = createActivityDeps(loadConfig(this.env), this.database.db);
    this.closeDeps = deps.close;
    this.worker = await createWorker({
      connection: this.nativeConnection,
      namespace: 'default',
      taskQueue: this.taskQueue,
      deps,
    });
    this.running = this.worker.run();

    const plan = await this.cli(['inspection', 'start', '--plan', this.file('plan.yaml', planYaml())]);
    if (plan.code !== 0) throw new Error(`inspection start failed: ${plan.stderr}`);
    const cycle = await this.cli([
      'cycle',
      'start',
      '--year',
      String(TARGET.cycleYear),
      '--period',
      TARGET.cyclePeriod,
    ]);
    if (cycle.code !== 0) throw new Error(`cycle start failed: ${cycle.stderr}`);
    await this.settle();
  }

  async stop(): Promise<void> {
    for (const w of await this.workflowIds())
      await this.client.workflow
        .getHandle(w)
        .terminate('bad-input corpus done')
        .catch(() => undefined);
    this.worker?.shutdown();
    await this.running;
    this.closeDeps?.();
    await this.connection?.close();
    await this.nativeConnection?.close();
    await this.smtp?.close();
    await this.pg?.end();
    await this.database?.drop();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private async workflowIds(): Promise<string[]> {
    const ids: string[] = [];
    for await (const w of this.client.workflow.list({
      query: `TaskQueue = '${this.taskQueue}' AND ExecutionStatus = 'Running'`,
    }))
      ids.push(w.workflowId);
    return ids;
  }

  /** Waits until the workflows have done what starting them asked (notices sent, mirrors written). */
  private async settle(): Promise<void> {
    let previous = '';
    let state = '';
    for (let i = 0; i < 120; i++) {
      const ids = await this.workflowIds();
      const described = await Promise.all(ids.map((id) => this.client.workflow.getHandle(id).describe()));
      // A workflow task not yet run (a loaded machine) may still schedule notices: that is busy too.
      const busy = described.some(
        (d) => (d.raw.pendingActivities?.length ?? 0) > 0 || Boolean(d.raw.pendingWorkflowTask),
      );
      const pending = await this.pg.query(`SELECT count(*) FROM "Notification" WHERE status = 'PENDING'`);
      const now = JSON.stringify(await this.snapshot());
      // Plan + 2 inspections + cycle + 2 reports, nothing in flight, and the same state twice.
      if (ids.length >= 6 && !busy && pending.rows[0].count === '0' && now === previous) return;
      state = `${ids.join(', ')}; activities in flight: ${busy}; pending notifications: ${pending.rows[0].count}`;
      previous = now;
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error(`the corpus targets never settled: ${state}`);
  }

  async snapshot(): Promise<Snapshot> {
    const names = await this.pg.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations'
        ORDER BY table_name`,
    );
    const tables: Record<string, string> = {};
    for (const { table_name: t } of names.rows) {
      const r = await this.pg.query<{ n: string; digest: string | null }>(
        `SELECT count(*) AS n, md5(string_agg(x::text, '|' ORDER BY x::text)) AS digest FROM "${t}" x`,
      );
      tables[t] = `${r.rows[0]!.n} ${r.rows[0]!.digest ?? ''}`;
    }
    const workflows: string[] = [];
    for await (const w of this.client.workflow.list({ query: `TaskQueue = '${this.taskQueue}'` }))
      workflows.push(`${w.workflowId} ${w.runId} ${w.status.name} ${w.historyLength}`);
    const schedules: string[] = [];
    for await (const s of this.client.schedule.list()) schedules.push(s.scheduleId);
    return { tables, workflows: workflows.sort(), schedules: schedules.sort() };
  }

  /** The running workflow of `type` for `agency` (found by its ID, whatever the ID scheme). */
  async workflowOf(type: string, agency: string): Promise<string> {
    for await (const w of this.client.workflow.list({
      query: `TaskQueue = '${this.taskQueue}' AND WorkflowType = '${type}' AND ExecutionStatus = 'Running'`,
    }))
      if (w.workflowId.endsWith(`-${agency}`)) return w.workflowId;
    throw new Error(`no running ${type} for ${agency}`);
  }
}
