import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { loadConfig } from '../../config';
import { createActivityDeps } from '../../worker/deps';
import { createWorker } from '../../worker/worker';
import { runCli } from '../support/cli';
import { freshDatabase } from '../support/db';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp';

// A drill, end to end, as an office would run it: the real Temporal dev server, a real worker, real
// PostgreSQL and a real SMTP server, driven through the CLI. The deadline is ~60 s away; the drill's
// steps follow it (overdue notice 5 s after, escalations 30 s apart, then consolidation).
const YEAR = 2040;
const PERIOD = 'Q1';

const AGENCIES_YAML = `agencies:
  - code: UBND_TINH
    name: Ủy ban nhân dân tỉnh Đồng Tháp
    kind: province
    contacts:
      - { role: ubnd, name: Văn thư UBND (giả định), email: vanthu@ubnd.example }
  - code: SNV
    name: Sở Nội vụ
    kind: department
    contacts:
      - { role: focal_point, name: Đầu mối SNV (giả định), email: daumoi@snv.example }
      - { role: snv_desk, name: Phòng CCHC (giả định), email: phongcchc@snv.example }
      - { role: snv_director, name: Giám đốc SNV (giả định), email: giamdoc@snv.example }
  - code: STP
    name: Sở Tư pháp
    kind: department
    contacts:
      - { role: focal_point, name: Đầu mối STP (giả định), email: daumoi@stp.example }
      - { role: head, name: Giám đốc STP (giả định), email: giamdoc@stp.example }
  - code: SYT
    name: Sở Y tế
    kind: department
    contacts:
      - { role: focal_point, name: Đầu mối SYT (giả định), email: daumoi@syt.example }
      - { role: head, name: Giám đốc SYT (giả định), email: giamdoc@syt.example }
  - code: H_LAPVO
    name: Huyện Lấp Vò
    kind: district
    contacts:
      - { role: focal_point, name: Đầu mối Lấp Vò (giả định), email: daumoi@lapvo.example }
      - { role: head, name: Chủ tịch Lấp Vò (giả định), email: chutich@lapvo.example }
`;

interface StatusJson {
  status: string;
  drill: boolean;
  agencies: { agency: string; state: string; receiptNumber: string | null; escalationLevel: number }[];
  totals: Record<string, number>;
}

describe('a drill cycle end to end, through the CLI', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let smtp: TestSmtpServer;
  let nativeConnection: NativeConnection;
  let connection: Connection;
  let worker: Worker;
  let running: Promise<void>;
  let closeDeps: () => void;
  const taskQueue = `it-cycle-${Date.now()}`;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-e2e-'));
  let env: Record<string, string>;
  const cli = (...args: string[]) => runCli(args, env);
  const cycle = ['--year', String(YEAR), '--period', PERIOD];

  beforeAll(async () => {
    database = await freshDatabase();
    smtp = await startSmtpServer();
    env = {
      DATABASE_URL: database.url,
      TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS!,
      TEMPORAL_TASK_QUEUE: taskQueue,
      SMTP_HOST: smtp.host,
      SMTP_PORT: String(smtp.port),
      SMS_PROVIDER: 'capture',
    };
    nativeConnection = await NativeConnection.connect({ address: env.TEMPORAL_ADDRESS });
    connection = await Connection.connect({ address: env.TEMPORAL_ADDRESS });
    const deps = createActivityDeps(loadConfig(env), database.db);
    closeDeps = deps.close;
    worker = await createWorker({ connection: nativeConnection, namespace: 'default', taskQueue, deps });
    running = worker.run();
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
    closeDeps?.();
    await connection?.close();
    await nativeConnection?.close();
    await smtp?.close();
    await database?.drop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const subjectsTo = (address: string) =>
    smtp.messages.filter((m) => m.envelope.to.includes(address)).map((m) => m.parsed?.subject ?? '');

  it('opens, takes a report with its receipt, lets the rest go overdue, escalates, consolidates', async () => {
    const agenciesFile = path.join(tmp, 'agencies.yaml');
    fs.writeFileSync(agenciesFile, AGENCIES_YAML);
    expect((await cli('agencies', 'import', agenciesFile)).code).toBe(0);

    const dueAt = new Date(Date.now() + 60_000);
    const started = await cli('cycle', 'start', ...cycle, '--due', dueAt.toISOString(), '--json');
    expect(started.stderr).toBe('');
    expect(JSON.parse(started.stdout)).toMatchObject({
      workflowId: `cycle-${YEAR}-${PERIOD}`,
      agencies: 4,
      drill: true,
    });

    // STP reports, with its file checksummed; then the same document again (one receipt).
    const reportFile = path.join(tmp, 'bao-cao-stp.pdf');
    fs.writeFileSync(reportFile, 'báo cáo CCHC quý I của Sở Tư pháp');
    const submitStp = () =>
      cli(
        'cycle',
        'submit',
        ...cycle,
        '--agency',
        'STP',
        '--doc',
        '15/BC-STP',
        '--file',
        reportFile,
        '--json',
      );
    let submitted = await submitStp();
    for (let i = 0; submitted.code !== 0 && /không tham gia/.test(submitted.stderr) && i < 20; i++) {
      await new Promise((r) => setTimeout(r, 500)); // the fan-out is a moment behind the start
      submitted = await submitStp();
    }
    expect(submitted.stderr).toBe('');
    expect(JSON.parse(submitted.stdout)).toMatchObject({
      receiptNumber: `TN-${YEAR}-${PERIOD}-STP-1`,
      onTime: true,
      duplicate: false,
    });
    const duplicate = await cli(
      'cycle',
      'submit',
      ...cycle,
      '--agency',
      'STP',
      '--doc',
      '15/BC-STP',
      '--file',
      reportFile,
    );
    expect(duplicate.stdout).toContain(`đã được tiếp nhận trước đó: biên nhận TN-${YEAR}-${PERIOD}-STP-1`);

    // After the submission, which comes first because the drill's deadline is only a minute away and
    // every CLI call is a process that a loaded machine may take seconds to run: starting the cycle
    // again does not fan out again.
    const again = await cli('cycle', 'start', ...cycle, '--due', dueAt.toISOString());
    expect(again.code).toBe(1);
    expect(again.stderr.trim()).toBe(
      `Lỗi: kỳ báo cáo ${PERIOD} năm ${YEAR} đã được mở (cycle-${YEAR}-${PERIOD}); không mở lại`,
    );

    // Opening notices to the four focal points.
    for (
      let i = 0;
      i < 60 && smtp.messages.filter((m) => /Triển khai/.test(m.parsed?.subject ?? '')).length < 4;
      i++
    )
      await new Promise((r) => setTimeout(r, 500));
    expect(smtp.messages.filter((m) => /Triển khai/.test(m.parsed?.subject ?? '')).length).toBe(4);
    expect(subjectsTo('daumoi@stp.example')).toContainEqual(
      expect.stringMatching(/Triển khai .*Quý I năm 2040/),
    );

    // H_LAPVO is exempted; bad inputs change nothing.
    const exempted = await cli(
      'cycle',
      'exempt',
      ...cycle,
      '--agency',
      'H_LAPVO',
      '--reason',
      'Sắp xếp đơn vị hành chính',
    );
    expect(exempted.stderr).toBe('');
    expect(exempted.code).toBe(0);
    const bad = [
      await cli('cycle', 'submit', ...cycle, '--agency', 'NOPE', '--doc', '1/BC-X'),
      await cli('cycle', 'submit', ...cycle, '--agency', 'SYT', '--doc', 'báo cáo'),
      await cli(
        'cycle',
        'submit',
        ...cycle,
        '--agency',
        'SYT',
        '--doc',
        '1/BC-SYT',
        '--signed',
        '2040-02-30',
      ),
      await cli(
        'cycle',
        'submit',
        '--year',
        String(YEAR),
        '--period',
        'Q2',
        '--agency',
        'SYT',
        '--doc',
        '1/BC-SYT',
      ),
      await cli('cycle', 'submit', ...cycle, '--agency', 'H_LAPVO', '--doc', '1/BC-UBND'),
    ];
    expect(bad.map((r) => [r.code, r.stderr.trim().split('\n').length])).toEqual(bad.map(() => [1, 1]));
    expect(bad.map((r) => r.stderr.trim())).toEqual([
      'Lỗi: --agency: không có đơn vị mã NOPE (cchc agencies list)',
      expect.stringMatching(/^Lỗi: --doc: số văn bản phải có dạng/),
      expect.stringMatching(/^Lỗi: --signed: /),
      `Lỗi: --period: chưa có kỳ báo cáo Q2 năm ${YEAR} (cchc cycle start)`,
      'Lỗi: không chấp nhận: đơn vị đã được miễn báo cáo kỳ này',
    ]);

    // After the deadline: SYT (never reported) is overdue, visible to `cchc overdue` and to a visibility query.
    await new Promise((r) => setTimeout(r, Math.max(0, dueAt.getTime() + 8_000 - Date.now())));
    const client = new Client({ connection });
    let overdueIds: string[] = [];
    for (let i = 0; i < 40 && overdueIds.length < 2; i++) {
      overdueIds = [];
      for await (const wf of client.workflow.list({
        query: `CchcKind = "report" AND CchcState = "OVERDUE" AND CchcYear = ${YEAR} AND ExecutionStatus = "Running"`,
      })) {
        overdueIds.push(wf.workflowId);
      }
      if (overdueIds.length < 2) await new Promise((r) => setTimeout(r, 500));
    }
    expect(overdueIds.sort()).toEqual([`report-${YEAR}-${PERIOD}-SNV`, `report-${YEAR}-${PERIOD}-SYT`]);
    const overdue = await cli('overdue', '--json');
    expect(JSON.parse(overdue.stdout)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ agency: 'SNV', year: YEAR, period: PERIOD }),
        expect.objectContaining({ agency: 'SYT', year: YEAR, period: PERIOD }),
      ]),
    );

    const midway = JSON.parse((await cli('cycle', 'status', ...cycle, '--json')).stdout) as StatusJson;
    expect(midway.agencies.map((a) => [a.agency, a.state])).toEqual([
      ['H_LAPVO', 'EXEMPT'],
      ['SNV', 'OVERDUE'],
      ['STP', 'SUBMITTED_ON_TIME'],
      ['SYT', 'OVERDUE'],
    ]);
    // SNV itself reports late now: one working day late in a drill.
    const late = await cli('cycle', 'submit', ...cycle, '--agency', 'SNV', '--doc', '20/BC-SNV', '--json');
    expect(JSON.parse(late.stdout)).toMatchObject({ onTime: false, workingDaysLate: 1 });

    // Consolidation closes the cycle: wait for the summary to UBND tỉnh.
    for (let i = 0; i < 240 && subjectsTo('vanthu@ubnd.example').length === 0; i++)
      await new Promise((r) => setTimeout(r, 1000));
    expect(subjectsTo('vanthu@ubnd.example')).toHaveLength(1);

    // The mail that arrived: overdue notice to SYT's focal point and head, two escalation levels to Sở Nội vụ.
    expect(subjectsTo('giamdoc@syt.example')).toEqual([expect.stringMatching(/quá hạn/i)]);
    // STP: the opening notice, the receipt and, only if the drill's reminder came due before its
    // report was in, that reminder. It comes due 30 s before the deadline, 10 s after the start, and
    // the CLI calls before the submission take longer than that on a loaded machine. What must never
    // happen is a reminder decided once the report is in: the report's history orders the two.
    const events =
      (await client.workflow.getHandle(`report-${YEAR}-${PERIOD}-STP`).fetchHistory()).events ?? [];
    const argsOf = (payloads?: { data?: Uint8Array | null }[] | null) =>
      (payloads ?? []).map((p) => JSON.parse(Buffer.from(p.data!).toString('utf8')) as { purpose?: string });
    const reminded = events.filter(
      (e) =>
        e.activityTaskScheduledEventAttributes?.activityType?.name === 'notify' &&
        argsOf(e.activityTaskScheduledEventAttributes.input?.payloads)[0]?.purpose === 'REPORT_REMINDER',
    );
    const accepted = events.find(
      (e) =>
        e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name === 'submitReport',
    );
    expect(accepted).toBeDefined();
    expect(reminded.length).toBeLessThanOrEqual(1);
    expect(reminded.filter((e) => Number(e.eventId) > Number(accepted!.eventId))).toEqual([]);
    // In any order: a reminder decided first may still be delivered after the receipt.
    const stpMail = subjectsTo('daumoi@stp.example');
    expect(stpMail).toHaveLength(2 + reminded.length);
    expect(stpMail).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\[CCHC\] Triển khai báo cáo/),
        ...reminded.map(() => expect.stringMatching(/^\[CCHC\] Nhắc hạn gửi báo cáo/)),
        expect.stringMatching(/^\[CCHC\] Xác nhận đã nhận báo cáo .* biên nhận TN-2040-Q1-STP-1$/),
      ]),
    );
    expect(subjectsTo('phongcchc@snv.example').length).toBeGreaterThanOrEqual(1);
    expect(subjectsTo('giamdoc@snv.example').length).toBeGreaterThanOrEqual(2); // level 2 and the summary
    const escalation = smtp.messages.find((m) => m.envelope.to.includes('phongcchc@snv.example'))!;
    expect(escalation.parsed!.text).toContain('Sở Y tế');

    // What the CLI prints once it is over, and what the database holds.
    let final: StatusJson | undefined;
    for (let i = 0; i < 30; i++) {
      final = JSON.parse((await cli('cycle', 'status', ...cycle, '--json')).stdout) as StatusJson;
      if (final.status === 'CLOSED') break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(final).toMatchObject({
      status: 'CLOSED',
      drill: true,
      totals: { agencies: 4, SUBMITTED_ON_TIME: 1, SUBMITTED_LATE: 1, OVERDUE: 1, EXEMPT: 1 },
    });
    expect(final!.agencies.find((a) => a.agency === 'SYT')!.escalationLevel).toBe(2);
    const table = await cli('cycle', 'status', ...cycle);
    expect(table.stdout).toMatch(/^STP\s+Sở Tư pháp\s+đã nộp đúng hạn\s/m);
    expect(table.stdout).toMatch(/^SYT\s+Sở Y tế\s+quá hạn\s.*cấp 2$/m);

    const submission = await database.db.submission.findFirstOrThrow({
      where: { receiptNumber: `TN-${YEAR}-${PERIOD}-STP-1` },
    });
    expect(submission).toMatchObject({
      documentNumber: '15/BC-STP',
      onTime: true,
      attachmentRef: reportFile,
      channel: 'document_system',
    });
    expect(submission.attachmentSha256).toMatch(/^[0-9a-f]{64}$/);
    const escalations = await database.db.escalation.findMany({
      where: { agencyCode: 'SYT' },
      orderBy: { level: 'asc' },
    });
    expect(escalations.map((e) => [e.level, e.toRole, e.resolvedAt])).toEqual([
      [1, 'SNV_DESK', null],
      [2, 'SNV_DIRECTOR', null],
    ]);
    const failed = await database.db.notification.count({ where: { status: { not: 'SENT' } } });
    expect(failed).toBe(0);
    // A closed cycle takes nothing more.
    const afterClose = await cli('cycle', 'submit', ...cycle, '--agency', 'SYT', '--doc', '9/BC-SYT');
    expect(afterClose.stderr.trim()).toBe(`Lỗi: kỳ báo cáo ${PERIOD} năm ${YEAR} đã đóng`);
  }, 300_000);
});
