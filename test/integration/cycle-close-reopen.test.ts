import fs from 'node:fs';
import path from 'node:path';
import type { WorkflowExecutionDescription } from '@temporalio/client';
import { loadRegime } from '../../config/regimes';
import { computeCycleDates, createWorkingCalendar } from '../../domain/calendar';
import { LIFETIME_MARGIN_MS } from '../../domain/templates/cycle-words';
import { cycleStatusQuery } from '../../workflows/reporting/messages';
import { startAppStack, until, type AppStack } from '../support/app-stack';
import { runCliInProcess } from '../support/cli';
import { agenciesYaml } from '../support/agencies-yaml';

// `cchc cycle reopen` and `cchc cycle close --final` through the CLI, on the dev server with a real
// worker, PostgreSQL and an SMTP server: a real cycle of a far year (2039, used by no other test) is
// opened, stopped (terminated, as an operator or a crash would leave it) with one report ended and
// one receipt given; the re-opening is previewed (nothing changes), then confirmed: what the command
// says happens to the reports holds. Then the final close: the record is final, nothing runs, and a
// submission through the CLI is refused with one Vietnamese line and exit 1.
const YEAR = 2039;
const PERIOD = 'Q1';
const KEY = `CCHC-${YEAR}-${PERIOD}`;
const CYCLE_ID = `cycle-${KEY}`;
const report = (code: string) => `report-${KEY}-${code}`;

const AGENCIES_YAML = agenciesYaml();

interface StatusJson {
  status: string;
  agencies: { agency: string; state: string; receiptNumber: string | null }[];
}

/** The lines an official reads on stderr (a year without confirmed holidays adds a warning). */
const errors = (stderr: string) =>
  stderr
    .trim()
    .split('\n')
    .filter((l) => l && !l.startsWith('Cảnh báo:'));

describe('cycle reopen and cycle close --final through the CLI (dev server, worker, PostgreSQL, SMTP)', () => {
  let stack: AppStack;
  const cli = (...args: string[]) => runCliInProcess(args, stack.env);
  const target = ['--year', String(YEAR), '--period', PERIOD];
  const describeWf = (id: string) => stack.client.workflow.getHandle(id).describe();
  const status = async () =>
    JSON.parse((await cli('cycle', 'status', ...target, '--json')).stdout) as StatusJson;
  const lifetimeOf = (d: WorkflowExecutionDescription) =>
    Number(d.raw.executionConfig?.workflowExecutionTimeout?.seconds ?? 0) * 1000;
  const finalCloseAt = computeCycleDates(
    YEAR,
    PERIOD,
    loadRegime('CCHC').policy,
    createWorkingCalendar(),
  ).finalCloseAt;

  beforeAll(async () => {
    stack = await startAppStack('close-reopen');
  });
  afterAll(async () => {
    await stack?.cleanUp({ cycleKeys: [KEY] });
    await stack?.close();
  });

  it('previews a re-opening, re-opens as it said, then ends the cycle; a later submission is refused', async () => {
    const agenciesFile = path.join(stack.tmp, 'agencies.yaml');
    fs.writeFileSync(agenciesFile, AGENCIES_YAML);
    expect((await cli('agencies', 'import', agenciesFile)).code).toBe(0);

    // Opened by hand, bounded: its final close (31/1/2040 or the next working day) plus 30 days.
    const started = await cli('cycle', 'start', ...target, '--json');
    expect(errors(started.stderr)).toEqual([]);
    expect(started.code).toBe(0);
    const first = await describeWf(CYCLE_ID);
    expect(lifetimeOf(first)).toBeGreaterThan(
      finalCloseAt - first.startTime.getTime() + LIFETIME_MARGIN_MS - 60_000,
    );
    expect(lifetimeOf(first)).toBeLessThan(
      finalCloseAt - first.startTime.getTime() + LIFETIME_MARGIN_MS + 60_000,
    );
    expect(await first.staticDetails()).toContain('**Thao tác:** `cchc cycle status | remind | close');
    await until(
      'the three reports',
      () =>
        stack.client.workflow.count(
          `CchcCycle = "${KEY}" AND CchcKind = "report" AND ExecutionStatus = "Running"`,
        ),
      (c) => c.count === 3,
      60_000,
    );

    // STP reports; then SYT's report and the cycle itself are stopped.
    const receipt = await cli(
      'cycle',
      'submit',
      ...target,
      '--agency',
      'STP',
      '--doc',
      '12/BC-STP',
      '--json',
    );
    expect(receipt.code).toBe(0);
    expect(JSON.parse(receipt.stdout)).toMatchObject({ receiptNumber: `TN-${KEY}-STP-1` });
    const runsBefore = Object.fromEntries(
      await Promise.all(['SNV', 'STP'].map(async (c) => [c, (await describeWf(report(c))).runId] as const)),
    );
    await stack.client.workflow.getHandle(report('SYT')).terminate('thử: báo cáo bị dừng');
    await stack.client.workflow.getHandle(CYCLE_ID).terminate('thử: kỳ bị dừng');

    // Without --yes: what would happen, and nothing happens.
    const preview = await cli('cycle', 'reopen', ...target);
    expect(errors(preview.stderr)).toEqual([]);
    expect(preview.code).toBe(0);
    expect(preview.stdout).toMatch(/^Sẽ mở lại quy trình cycle-CCHC-2039-Q1 \(TERMINATED\)/);
    expect(preview.stdout).toContain('2 báo cáo đang chạy được giữ nguyên với hạn của chúng');
    expect(preview.stdout).toContain('1 báo cáo đã kết thúc giữ kết quả, không mở lại');
    expect(preview.stdout).toContain('--yes');
    const stillStopped = await describeWf(CYCLE_ID);
    expect([stillStopped.status.name, stillStopped.runId]).toEqual(['TERMINATED', first.runId]);

    // With --yes: re-opened; the running reports are the same runs, the ended one is not started
    // again, the receipt given stays; the new run says it was re-opened and is bounded too.
    const reopened = await cli('cycle', 'reopen', ...target, '--yes');
    expect(errors(reopened.stderr)).toEqual([]);
    expect(reopened.code).toBe(0);
    expect(reopened.stdout).toMatch(
      /^Đã mở lại quy trình cycle-CCHC-2039-Q1 \(TERMINATED\): 2 báo cáo đang chạy/,
    );
    const cycle = stack.client.workflow.getHandle(CYCLE_ID);
    const fannedOut = await until(
      'the re-opened cycle enrolled its units',
      () => cycle.query(cycleStatusQuery).catch(() => undefined),
      (s) => s?.fanOutDone === true,
      60_000,
    );
    expect(fannedOut!.started).toBe(3);
    const second = await describeWf(CYCLE_ID);
    expect(second.status.name).toBe('RUNNING');
    expect(second.runId).not.toBe(first.runId);
    expect(await second.staticDetails()).toMatch(
      /\*\*Mở lại:\*\* \d\d\/\d\d\/\d{4} \d\d:\d\d: báo cáo đang chạy giữ nguyên hạn/,
    );
    expect(lifetimeOf(second)).toBeGreaterThan(LIFETIME_MARGIN_MS);
    for (const code of ['SNV', 'STP']) {
      const d = await describeWf(report(code));
      expect([code, d.status.name, d.runId]).toEqual([code, 'RUNNING', runsBefore[code]]);
    }
    expect((await describeWf(report('SYT'))).status.name).toBe('TERMINATED');
    expect((await status()).agencies.find((a) => a.agency === 'STP')).toMatchObject({
      state: 'SUBMITTED_ON_TIME',
      receiptNumber: `TN-${KEY}-STP-1`,
    });

    // The final close by hand: consolidated first (the summary goes out), then every report ends.
    const closed = await cli('cycle', 'close', ...target, '--final');
    expect(errors(closed.stderr)).toEqual([]);
    expect(closed.code).toBe(0);
    expect(closed.stdout).toContain('(chốt sổ)');
    expect((await until('the record final', status, (s) => s.status === 'CLOSED', 60_000)).status).toBe(
      'CLOSED',
    );
    await until(
      'no workflow of the cycle running',
      () => stack.client.workflow.count(`CchcCycle = "${KEY}" AND ExecutionStatus = "Running"`),
      (c) => c.count === 0,
      60_000,
    );
    expect((await describeWf(CYCLE_ID)).status.name).toBe('COMPLETED');
    await stack.smtp.waitForMessages(1, 30_000);
    expect(stack.smtp.messages.some((m) => m.envelope.to.includes('vanthu@ubnd.example'))).toBe(true);

    // After it: a submission, another close and a re-opening are refused, one line each, exit 1.
    const refused = [
      await cli('cycle', 'submit', ...target, '--agency', 'SNV', '--doc', '20/BC-SNV'),
      await cli('cycle', 'close', ...target, '--final'),
      await cli('cycle', 'reopen', ...target, '--yes'),
    ];
    expect(refused.map((r) => r.code)).toEqual([1, 1, 1]);
    expect(refused.map((r) => errors(r.stderr))).toEqual([
      [
        `Lỗi: kỳ ${PERIOD} năm ${YEAR} (CCHC) đã kết thúc (chốt sổ): không nhận thêm báo cáo, hồ sơ đã cố định`,
      ],
      [
        `Lỗi: kỳ ${PERIOD} năm ${YEAR} (CCHC) đã kết thúc (chốt sổ): không nhận thêm báo cáo, hồ sơ đã cố định`,
      ],
      [expect.stringMatching(/^Lỗi: kỳ Q1 năm 2039 \(CCHC\) đã kết thúc bình thường: không mở lại/)],
    ]);
    expect((await status()).agencies.find((a) => a.agency === 'SNV')!.receiptNumber).toBeNull();
  }, 300_000);
});
