import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { Db } from '../../config/connections';
import {
  endOfDayInstant,
  proposalAsCalendarYear,
  proposeHolidays,
  vnInstant,
  type CalendarSnapshot,
  type CalendarYearInput,
} from '../../domain/calendar';
import { defaultInspectionPolicy } from '../../domain/inspection-policy';
import { freshDatabase } from './db';
import { receivedCalendarsQuery } from './workflows/calendar-recorder';

// Running workflows of 2031 for `cchc calendar publish` to find and tell: their database rows as
// the worker writes them, and a recorder workflow under each workflow ID that keeps the calendars
// it is sent. 2031 has no shipped data: its calendar in force is the lunar proposal (version 0).

export const YEAR = 2031;
export const PLAN = `CAL${Date.now().toString(36).toUpperCase()}`;

/** The 2031 lunar proposal in the published shape, with `extra` days off (basis: proposal). */
export function calendarFile2031(extra: { from: string; name: string }[] = []): CalendarYearInput {
  const year = proposalAsCalendarYear(proposeHolidays(YEAR), 'chờ thông báo nghỉ Tết và Quốc khánh 2031');
  year.daysOff!.push(...extra.map((d) => ({ ...d, kind: 'holiday' as const, basis: 'proposal' })));
  return year;
}

export interface CalendarWorld {
  url: string;
  db: Db;
  dir: string;
  client: Client;
  /** Workflow IDs with a recorder running. */
  running: string[];
  writeFile(name: string, text: string): string;
  received(workflowId: string): Promise<CalendarSnapshot[]>;
  /** The calendars a recorder has, once it has at least `count` (a signal is applied by the next workflow task). */
  receivedAtLeast(workflowId: string, count: number): Promise<CalendarSnapshot[]>;
  close(): Promise<void>;
}

const dateOnly = (d: string) => new Date(`${d}T00:00:00.000Z`);

async function seed(db: Db): Promise<void> {
  const agency = (code: string) =>
    db.agency.create({ data: { code, name: `Đơn vị ${code}`, kind: 'DEPARTMENT' } });
  const stp = await agency('STP');
  const stc = await agency('STC');
  const stt = await agency('STT');
  const cycle = (period: string, cutoff: string, opens: string, due: string, province: string) =>
    db.reportingCycle.create({
      data: {
        workflowId: `cycle-CCHC-${YEAR}-${period}`,
        key: `CCHC-${YEAR}-${period}`,
        year: YEAR,
        period,
        windowStart: dateOnly(`${YEAR - 1}-12-15`),
        cutoff: dateOnly(cutoff),
        opensAt: new Date(vnInstant(opens, '08:00')),
        agencyDueAt: new Date(endOfDayInstant(due)),
        provinceDueAt: new Date(endOfDayInstant(province)),
      },
    });
  // Q1 2031 as the default policy has it: opens Fri 28/2, agencies due Tue 18/3.
  const q1 = await cycle('Q1', '2031-03-14', '2031-02-28', '2031-03-18', '2031-03-20');
  await cycle('H1', '2031-06-14', '2031-06-02', '2031-06-17', '2031-06-20');
  const q3 = await cycle('Q3', '2031-09-14', '2031-08-29', '2031-09-16', '2031-09-22');
  await db.reportingCycle.update({ where: { id: q3.id }, data: { status: 'CLOSED' } });
  await db.cycleAgency.createMany({
    data: [
      { workflowId: `report-CCHC-${YEAR}-Q1-STP`, cycleId: q1.id, agencyId: stp.id, dueAt: q1.agencyDueAt },
      {
        workflowId: `report-CCHC-${YEAR}-Q1-STC`,
        cycleId: q1.id,
        agencyId: stc.id,
        dueAt: q1.agencyDueAt,
        state: 'SUBMITTED_ON_TIME',
      },
    ],
  });
  const plan = await db.inspectionPlan.create({
    data: {
      workflowId: `inspection-plan-${YEAR}-${PLAN}`,
      year: YEAR,
      code: PLAN,
      decisionRef: '12/QĐ-UBND ngày 05/01/2031',
      team: { lead: { agency: 'STP', role: 'snv_desk' }, members: [] },
      policy: defaultInspectionPolicy(),
    },
  });
  const inspection = (agencyId: number, code: string, visit: string, selfReportDue: string) =>
    db.inspection.create({
      data: {
        workflowId: `inspection-${YEAR}-${PLAN}-${code}`,
        planId: plan.id,
        agencyId,
        scope: 'Cải cách thủ tục hành chính',
        visitDate: dateOnly(visit),
        selfReportDueAt: new Date(endOfDayInstant(selfReportDue)),
      },
    });
  // Visits Thu 20/3 (notice Thu 6/3) and Fri 21/3 (its workflow has ended), and one in October.
  await inspection(stp.id, 'STP', '2031-03-20', '2031-03-17');
  await inspection(stt.id, 'STT', '2031-03-21', '2031-03-18');
  await inspection(stc.id, 'STC', '2031-10-15', '2031-10-10');
}

/**
 * The database, the rows, a worker running the recorders, and the recorders of every row but STT's.
 * With `workflows: false`, an empty database only: the workflow IDs above are fixed, and only one
 * test file at a time may run them on the shared dev server.
 */
export async function startCalendarWorld(opts: { workflows?: boolean } = {}): Promise<CalendarWorld> {
  const { url, db, drop } = await freshDatabase();
  const withWorkflows = opts.workflows ?? true;
  if (withWorkflows) await seed(db);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-calendar-publish-'));
  const address = process.env.TEMPORAL_ADDRESS;
  const native = await NativeConnection.connect({ address });
  const client = new Client({ connection: await Connection.connect({ address }) });
  const taskQueue = `it-calendar-${Date.now()}`;
  const worker = withWorkflows
    ? await Worker.create({
        connection: native,
        taskQueue,
        workflowsPath: path.join(__dirname, 'workflows', 'calendar-recorder.ts'),
      })
    : undefined;
  const run = worker?.run() ?? Promise.resolve();
  const running = withWorkflows
    ? [
        `cycle-CCHC-${YEAR}-Q1`,
        `cycle-CCHC-${YEAR}-H1`,
        `inspection-${YEAR}-${PLAN}-STP`,
        `inspection-${YEAR}-${PLAN}-STC`,
      ]
    : [];
  for (const workflowId of running)
    await client.workflow.start('calendarRecorder', { workflowId, taskQueue, args: [] });
  return {
    url,
    db,
    dir,
    client,
    running,
    writeFile(name, text) {
      const file = path.join(dir, name);
      fs.writeFileSync(file, text);
      return file;
    },
    received: (workflowId) => client.workflow.getHandle(workflowId).query(receivedCalendarsQuery),
    async receivedAtLeast(workflowId, count) {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const got = await client.workflow.getHandle(workflowId).query(receivedCalendarsQuery);
        if (got.length >= count || Date.now() > deadline) return got;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async close() {
      for (const workflowId of running)
        await client.workflow
          .getHandle(workflowId)
          .terminate('test over')
          .catch(() => undefined);
      worker?.shutdown();
      await run;
      await client.connection.close();
      await native.close();
      await drop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
