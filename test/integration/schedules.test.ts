import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection, ScheduleNotFoundError } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { loadRegime } from '../../config/regimes';
import { computeCycleDates, createWorkingCalendar } from '../../domain/calendar';
import { formatVnDatePadded, vnDateTime } from '../../domain/calendar/dates';
import { regimeForWorkflow } from '../../domain/regime';
import { loadConfig } from '../../config';
import { createActivityDeps } from '../../worker/deps';
import { createWorker } from '../../worker/worker';
import { runCli } from '../support/cli';
import { freshDatabase } from '../support/db';

// `cchc schedule …` on the real dev server, through the CLI as an official runs it. Far-future
// years (a year per test) so every opening is ahead and no other test file meets these schedules.

interface ListedSchedule {
  scheduleId: string;
  year: number;
  period: string;
  opensAt: string | null;
  nextActionAt: string | null;
  paused: boolean;
  note: string | null;
  actionsTaken: number;
}

interface ApplyJson {
  year: number;
  schedules: { scheduleId: string; period: string; opensAt: string; outcome: string; exists: boolean }[];
  created: number;
  updated: number;
  unchanged: number;
  past: number;
}

const PERIODS = ['Q1', 'H1', 'Q3', 'YEAR'];
const YEARS = [2031, 2032, 2033, 2034];

describe('cchc schedule (real Temporal dev server, through the CLI)', () => {
  const taskQueue = `it-schedules-${Date.now()}`;
  const env = { TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS, TEMPORAL_TASK_QUEUE: taskQueue };
  const cli = (...args: string[]) => runCli(args, env);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-schedules-'));
  let connection: Connection;
  let client: Client;

  const describeSchedule = (year: number, period: string) =>
    client.schedule.getHandle(`cycle-schedule-CCHC-${year}-${period}`).describe();

  /** `schedule list --year` once the list (eventually consistent) shows `count` schedules. */
  async function listed(year: number, count: number): Promise<ListedSchedule[]> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const run = await cli('schedule', 'list', '--year', String(year), '--json');
      expect(run.stderr).toBe('');
      const rows = JSON.parse(run.stdout) as ListedSchedule[];
      if (rows.length === count || Date.now() > deadline) return rows;
      await new Promise((r) => setTimeout(r, 300));
    }
  }

  async function applyJson(year: number, ...extra: string[]): Promise<ApplyJson> {
    const run = await cli('schedule', 'apply', '--year', String(year), '--json', ...extra);
    expect(run.code).toBe(0);
    return JSON.parse(run.stdout) as ApplyJson;
  }

  beforeAll(async () => {
    connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
    client = new Client({ connection });
  });
  afterAll(async () => {
    for (const year of YEARS)
      for (const period of PERIODS)
        await client.schedule
          .getHandle(`cycle-schedule-CCHC-${year}-${period}`)
          .delete()
          .catch((err: unknown) => {
            if (!(err instanceof ScheduleNotFoundError)) throw err;
          });
    await connection?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('apply creates one schedule per period; applying again changes nothing', async () => {
    const first = await applyJson(2031);
    expect(first).toMatchObject({ year: 2031, created: 4, updated: 0, unchanged: 0, past: 0 });
    expect(first.schedules.map((s) => [s.scheduleId, s.outcome])).toEqual(
      PERIODS.map((p) => [`cycle-schedule-CCHC-2031-${p}`, 'created']),
    );
    // Q1 2031: cutoff Fri 14/3 → 10 working days earlier is Fri 28/2, at 08:00 Vietnam time.
    expect(first.schedules[0]!.opensAt).toBe('2031-02-28T08:00:00+07:00');

    const before = await Promise.all(PERIODS.map((p) => describeSchedule(2031, p)));
    for (const [i, d] of before.entries()) {
      // The server's own reading of the spec: the one next action is the opening instant.
      expect(d.info.nextActionTimes.map((t) => t.toISOString())).toEqual([
        new Date(first.schedules[i]!.opensAt).toISOString(),
      ]);
      expect(d.spec.timezone).toBe('Asia/Ho_Chi_Minh');
      expect(d.action).toMatchObject({
        workflowType: 'openCycle',
        workflowId: `open-cycle-CCHC-2031-${PERIODS[i]}`,
        taskQueue,
        args: [
          expect.objectContaining({
            ref: { regime: 'CCHC', year: 2031, period: PERIODS[i] },
            regime: expect.objectContaining({ code: 'CCHC' }),
            // The cycle's plan: its Web UI details and its lifetime when the launcher starts it.
            plan: expect.objectContaining({ finalCloseAt: expect.any(Number) }),
          }),
        ],
        staticSummary: expect.stringMatching(/^Mở kỳ theo lịch: Báo cáo công tác cải cách hành chính: /),
        staticDetails: expect.stringContaining(`(cycle-CCHC-2031-${PERIODS[i]}) rồi kết thúc`),
      });
      expect(d.policies.overlap).toBe('SKIP');
    }

    const second = await applyJson(2031);
    expect(second).toMatchObject({ created: 0, updated: 0, unchanged: 4, past: 0 });
    const after = await Promise.all(PERIODS.map((p) => describeSchedule(2031, p)));
    expect(after.map((d) => d.info.lastUpdatedAt?.getTime())).toEqual(
      before.map((d) => d.info.lastUpdatedAt?.getTime()),
    );

    const table = await cli('schedule', 'apply', '--year', '2031');
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(
      /^cycle-schedule-CCHC-2031-Q1\s+Quý I \(Q1\)\s+28\/02\/2031 08:00\s+không đổi$/m,
    );
    expect(table.stdout).toContain(
      'Lịch năm 2031: 0 tạo mới, 0 cập nhật, 4 không đổi, 0 đã qua thời điểm mở kỳ.',
    );
  });

  it('list shows the schedules; pause and unpause show in it, and apply keeps a pause', async () => {
    const rows = await listed(2031, 4);
    expect(rows.map((r) => [r.scheduleId, r.period, r.paused, r.actionsTaken])).toEqual(
      PERIODS.map((p) => [`cycle-schedule-CCHC-2031-${p}`, p, false, 0]),
    );
    expect(rows[0]).toMatchObject({
      opensAt: '2031-02-28T08:00:00+07:00',
      nextActionAt: '2031-02-28T08:00:00+07:00',
    });
    const table = await cli('schedule', 'list', '--year', '2031');
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(
      /^cycle-schedule-CCHC-2031-Q1\s+Q1\s+28\/02\/2031 08:00\s+28\/02\/2031 08:00\s+không\s+0$/m,
    );

    const paused = await cli(
      'schedule',
      'pause',
      '--year',
      '2031',
      '--period',
      'h1',
      '--note',
      'Chờ hướng dẫn của Bộ',
    );
    expect(paused.stderr).toBe('');
    expect(paused.code).toBe(0);
    expect(paused.stdout).toContain('Đã tạm dừng lịch cycle-schedule-CCHC-2031-H1');
    let h1 = (await listed(2031, 4)).find((r) => r.period === 'H1')!;
    expect(h1).toMatchObject({ paused: true, note: 'Chờ hướng dẫn của Bộ', nextActionAt: null });
    expect((await cli('schedule', 'list', '--year', '2031')).stdout).toMatch(
      /^cycle-schedule-CCHC-2031-H1\s+H1\s+.*\s+có\s+0\s+Chờ hướng dẫn của Bộ$/m,
    );

    expect(await applyJson(2031)).toMatchObject({ unchanged: 4 });
    expect((await describeSchedule(2031, 'H1')).state.paused).toBe(true);

    const unpaused = await cli('schedule', 'unpause', '--year', '2031', '--period', 'H1');
    expect(unpaused.code).toBe(0);
    h1 = (await listed(2031, 4)).find((r) => r.period === 'H1')!;
    expect(h1).toMatchObject({ paused: false, nextActionAt: '2031-06-02T08:00:00+07:00' });
  });

  it('apply with a changed policy updates every schedule and keeps a pause', async () => {
    expect(await applyJson(2033)).toMatchObject({ created: 4 });
    expect((await cli('schedule', 'pause', '--year', '2033', '--period', 'Q3')).code).toBe(0);
    const policyFile = path.join(tmp, 'later.yaml');
    fs.writeFileSync(policyFile, 'sendTime: "09:00"\n');

    const updated = await applyJson(2033, '--policy', policyFile);
    expect(updated).toMatchObject({ created: 0, updated: 4, unchanged: 0 });
    expect(updated.schedules[0]!.opensAt).toBe('2033-02-28T09:00:00+07:00');
    const q3 = await describeSchedule(2033, 'Q3');
    expect(q3.state.paused).toBe(true);
    expect(q3.info.nextActionTimes.map((t) => t.toISOString())).toEqual([
      new Date(updated.schedules.find((s) => s.period === 'Q3')!.opensAt).toISOString(),
    ]);
    expect(q3.action.args).toEqual([
      expect.objectContaining({
        regime: expect.objectContaining({ policy: expect.objectContaining({ sendTime: '09:00' }) }),
      }),
    ]);

    expect(await applyJson(2033, '--policy', policyFile)).toMatchObject({ updated: 0, unchanged: 4 });
  });

  it('trigger opens the cycle now under its own ID, and never starts a cycle that is already open', async () => {
    expect(await applyJson(2032)).toMatchObject({ created: 4 });
    // Q1 opened by hand beforehand (as `cchc cycle start` does), on a queue no worker polls, so it stays open.
    const byHand = await client.workflow.start('reportingCycle', {
      workflowId: 'cycle-CCHC-2032-Q1',
      taskQueue: `${taskQueue}-by-hand`,
      args: [
        { ref: { regime: 'CCHC', year: 2032, period: 'Q1' }, regime: regimeForWorkflow(loadRegime('CCHC')) },
      ],
    });
    const database = await freshDatabase();
    const nativeConnection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
    const deps = createActivityDeps(loadConfig({ DATABASE_URL: database.url }), database.db);
    try {
      const worker = await createWorker({
        connection: nativeConnection,
        namespace: 'default',
        taskQueue,
        deps,
      });
      const runs = await worker.runUntil(async () => {
        const h1 = await cli('schedule', 'trigger', '--year', '2032', '--period', 'H1', '--json');
        const q1 = [
          await cli('schedule', 'trigger', '--year', '2032', '--period', 'Q1'),
          await cli('schedule', 'trigger', '--year', '2032', '--period', 'Q1', '--json'),
        ];
        const q1Run = (await client.workflow.getHandle('cycle-CCHC-2032-Q1').describe()).runId;
        // Nor one that was terminated: re-opening is an explicit, confirmed action (`cchc cycle
        // reopen --yes`), never a side effect of the schedule.
        await byHand.terminate('mở nhầm');
        const afterTerminate = await cli('schedule', 'trigger', '--year', '2032', '--period', 'Q1', '--json');
        return { h1, q1, q1Run, afterTerminate };
      });

      expect(runs.h1.stderr).toBe('');
      expect(runs.h1.code).toBe(0);
      expect(JSON.parse(runs.h1.stdout)).toEqual({
        scheduleId: 'cycle-schedule-CCHC-2032-H1',
        launcherWorkflowId: expect.stringMatching(/^open-cycle-CCHC-2032-H1-/),
        cycleWorkflowId: 'cycle-CCHC-2032-H1',
        outcome: 'started',
      });
      // Started under the cycle's own ID on the same queue (the cycle itself may fail later on an
      // empty database: only its start is the schedule's business).
      const h1 = await client.workflow.getHandle('cycle-CCHC-2032-H1').describe();
      expect(h1.type).toBe('reportingCycle');
      expect(h1.taskQueue).toBe(taskQueue);
      // In officials' words in the Web UI, and bounded: its final close plus 30 days.
      const h1Dates = computeCycleDates(2032, 'H1', loadRegime('CCHC').policy, createWorkingCalendar());
      expect(await h1.staticSummary()).toBe(
        `Báo cáo công tác cải cách hành chính: 6 tháng đầu năm 2032 — hạn ${formatVnDatePadded(h1Dates.agencyDueDate)}`,
      );
      expect(await h1.staticDetails()).toContain(
        `**Kết thúc kỳ (chốt sổ):** ${vnDateTime(h1Dates.finalCloseAt)}: hồ sơ cố định`,
      );
      expect(await h1.staticDetails()).toContain(
        '`cchc cycle status | remind | close --regime CCHC --year 2032 --period H1`',
      );
      const lifetime = Number(h1.raw.executionConfig?.workflowExecutionTimeout?.seconds ?? 0) * 1000;
      // From the launcher's start (a moment before the cycle's), to the second.
      expect(
        Math.abs(h1.startTime.getTime() + lifetime - (h1Dates.finalCloseAt + 30 * 24 * 3600_000)),
      ).toBeLessThan(60_000);
      const launcher = JSON.parse(runs.h1.stdout) as { launcherWorkflowId: string };
      expect(
        await (await client.workflow.getHandle(launcher.launcherWorkflowId).describe()).staticSummary(),
      ).toBe(`Mở kỳ theo lịch: ${await h1.staticSummary()}`);
      expect(await client.workflow.getHandle(launcher.launcherWorkflowId).result()).toMatchObject({
        cycleWorkflowId: 'cycle-CCHC-2032-H1',
        outcome: 'started',
        runId: h1.runId,
      });

      expect(runs.q1[0]!.code).toBe(0);
      expect(runs.q1[0]!.stdout).toBe(
        'Kỳ Q1 năm 2032 đã được mở trước đó (quy trình cycle-CCHC-2032-Q1); không mở lại.\n',
      );
      expect(JSON.parse(runs.q1[1]!.stdout)).toMatchObject({ outcome: 'already-exists' });
      expect(runs.q1Run).toBe(byHand.firstExecutionRunId);

      expect(JSON.parse(runs.afterTerminate.stdout)).toMatchObject({ outcome: 'already-exists' });
      const q1 = await client.workflow.getHandle('cycle-CCHC-2032-Q1').describe();
      expect(q1.runId).toBe(byHand.firstExecutionRunId);
      expect(q1.status.name).toBe('TERMINATED');

      const rows = await listed(2032, 4);
      expect(rows.map((r) => [r.period, r.actionsTaken])).toEqual([
        ['Q1', 3],
        ['H1', 1],
        ['Q3', 0],
        ['YEAR', 0],
      ]);
      // A trigger does not use up the opening: the schedule still fires then, and finds the cycle open.
      expect(rows[0]!.nextActionAt).toBe('2032-03-01T08:00:00+07:00');
    } finally {
      for (const id of ['cycle-CCHC-2032-Q1', 'cycle-CCHC-2032-H1'])
        await client.workflow
          .getHandle(id)
          .terminate('integration test cleanup')
          .catch(() => undefined);
      deps.close();
      await nativeConnection.close();
      await database.drop();
    }
  }, 300_000); // a dozen CLI processes and a worker: minutes on a loaded shared machine

  it('rejects bad input with one line naming the option, and changes nothing', async () => {
    const badPolicy = path.join(tmp, 'bad.yaml');
    fs.writeFileSync(badPolicy, 'sendTime: "25:00"\n');
    const cases: [string[], RegExp][] = [
      [
        ['schedule', 'apply', '--year', '20x4'],
        /^Lỗi: --year: năm phải là số có 4 chữ số .*\(nhận "20x4"\)$/,
      ],
      [['schedule', 'apply', '--year', '1990'], /^Lỗi: --year: không có dữ liệu lịch nghỉ năm 1990/],
      [
        ['schedule', 'apply', '--year', '2034', '--policy', badPolicy],
        new RegExp(`^Lỗi: --policy: ${badPolicy}: sendTime: `),
      ],
      [
        ['schedule', 'apply', '--year', '2034', '--policy', path.join(tmp, 'none.yaml')],
        /^Lỗi: --policy: .*none\.yaml: không có tệp này$/,
      ],
      [
        ['schedule', 'pause', '--year', '2031', '--period', 'Q-1'],
        /^Lỗi: --period: mã kỳ: .*\(nhận "Q-1"\)$/,
      ],
      [
        ['schedule', 'pause', '--year', '2031', '--period', 'Q5'],
        /^Lỗi: --period: không có lịch mở kỳ Q5 năm 2031 \(cycle-schedule-CCHC-2031-Q5\); năm 2031 có: Q1, H1, Q3, YEAR$/,
      ],
      [
        ['schedule', 'trigger', '--year', '2034', '--period', 'Q1'],
        /^Lỗi: --year: chưa có lịch mở kỳ nào của năm 2034 /,
      ],
      [
        ['schedule', 'unpause', '--year', '2034', '--period', 'Q1'],
        /^Lỗi: --year: chưa có lịch mở kỳ nào của năm 2034 /,
      ],
      [['schedule', 'list', '--year', 'next'], /^Lỗi: --year: /],
    ];
    for (const [args, message] of cases) {
      const run = await cli(...args);
      expect({ args, code: run.code }).toEqual({ args, code: 1 });
      expect(
        run.stderr
          .trim()
          .split('\n')
          .filter((l) => !l.startsWith('Cảnh báo:')),
      ).toEqual([expect.stringMatching(message)]);
    }
    expect(await listed(2034, 0)).toEqual([]);
    expect((await describeSchedule(2031, 'Q1')).state.paused).toBe(false);
  }, 300_000);

  it('does not create a schedule for an opening already past, and says how to open the cycle', async () => {
    const run = await cli('schedule', 'apply', '--year', '2022');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^cycle-schedule-CCHC-2022-Q1\s+Quý I \(Q1\)\s+28\/02\/2022 08:00\s+đã qua thời điểm mở kỳ: không tạo lịch$/m,
    );
    expect(run.stdout).toContain(
      'Lịch năm 2022: 0 tạo mới, 0 cập nhật, 0 không đổi, 4 đã qua thời điểm mở kỳ.',
    );
    expect(run.stdout).toContain('mở bằng "cchc cycle start --year 2022 --period Q1"');
    await expect(describeSchedule(2022, 'Q1')).rejects.toBeInstanceOf(ScheduleNotFoundError);
  });
});
