import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import {
  addDays,
  createWorkingCalendar,
  formatVnDate,
  formatVnDatePadded,
  vnDateOf,
  weekday,
  yearOf,
} from '../../domain/calendar';
import { inspectionWorkflowId, planWorkflowId } from '../../workflows/inspection/ids';
import { SA_AGENCY, SA_DUE_AT, SA_KIND, SA_PLAN, SA_STATE, SA_YEAR } from '../../domain/search-attributes';
import { createInspectionActivities } from '../../activities/inspections';
import { loadConfig } from '../../config';
import { createActivityDeps } from '../../worker/deps';
import { createWorker } from '../../worker/worker';
import { runCli } from '../support/cli';
import { freshDatabase } from '../support/db';
import { startSmtpServer, type ReceivedMail, type TestSmtpServer } from '../support/smtp';

// An official runs a short inspection plan through the CLI against the real dev server, a real
// worker, PostgreSQL and an SMTP server. Real time passes, so the visit is 8 working days away:
// the notice (10 working days before) goes at once; nothing else is due during the test. The team
// records the visit as held today (--visited-on), which the workflow accepts for a past or
// present day.

const calendar = createWorkingCalendar();
const today = vnDateOf(Date.now());
const visit = calendar.addWorkingDays(today, 8);
const YEAR = yearOf(visit);
const CODE = `E2E-${Date.now().toString(36).toUpperCase()}`;
const PLAN = `${YEAR}/${CODE}`;
const fixture = (name: string) => path.resolve(__dirname, '..', 'fixtures', 'plans', name);

const AGENCIES = [
  {
    code: 'SNV',
    name: 'Sở Nội vụ',
    contacts: [
      { role: 'SNV_DESK', name: 'Phòng CCHC', email: 'phongcchc.snv@dongthap.example' },
      { role: 'SNV_DIRECTOR', name: 'Giám đốc SNV', email: 'giamdoc.snv@dongthap.example' },
    ],
  },
  {
    code: 'STP',
    name: 'Sở Tư pháp',
    contacts: [
      { role: 'FOCAL_POINT', name: 'Đầu mối STP', email: 'daumoi.stp@dongthap.example' },
      { role: 'HEAD', name: 'Thủ trưởng STP', email: 'thutruong.stp@dongthap.example' },
    ],
  },
  {
    code: 'STC',
    name: 'Sở Tài chính',
    contacts: [
      { role: 'FOCAL_POINT', name: 'Đầu mối STC', email: 'daumoi.stc@dongthap.example' },
      { role: 'HEAD', name: 'Thủ trưởng STC', email: 'thutruong.stc@dongthap.example' },
    ],
  },
] as const;

function planYaml(over: { code?: string; inspections?: string } = {}): string {
  return [
    `year: ${YEAR}`,
    `code: ${over.code ?? CODE}`,
    'decisionRef: Quyết định số 123/QĐ-UBND ngày 10/01/2022',
    'team:',
    '  lead: { agency: SNV, role: snv_desk }',
    '  members:',
    '    - { agency: SNV, role: snv_director }',
    'inspections:',
    over.inspections ??
      [
        '  - agency: STP',
        `    visitDate: ${visit}`,
        '    scope: Cải cách thủ tục hành chính',
        '  - agency: STC',
        `    visitDate: ${visit}`,
        '    scope: Cải cách tài chính công',
      ].join('\n'),
    '',
  ].join('\n');
}

const subjects = (mails: ReceivedMail[]) =>
  mails.map((m) => `${m.envelope.to.join(',')} ${m.parsed!.subject}`).sort();

describe('cchc inspection: a plan from start to conclusion (dev server, worker, PostgreSQL, SMTP)', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let smtp: TestSmtpServer;
  let nativeConnection: NativeConnection;
  let connection: Connection;
  let client: Client;
  let worker: Worker;
  let running: Promise<void>;
  let deps: ReturnType<typeof createActivityDeps>;
  let env: Record<string, string>;
  let dir: string;
  const taskQueue = `it-inspection-${Date.now()}`;
  const cli = (...args: string[]) => runCli(args, env);
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };
  const historyLength = async (workflowId: string) =>
    (await client.workflow.getHandle(workflowId).fetchHistory()).events!.length;
  /** Polls the CLI's JSON status until `done` holds (workflows and mails move on their own). */
  const statusUntil = async (
    done: (s: { plan: { status: string }; inspections: { agencyCode: string; state: string }[] }) => boolean,
  ) => {
    for (let i = 0; i < 40; i++) {
      const run = await cli('inspection', 'status', '--plan', PLAN, '--json');
      const parsed = JSON.parse(run.stdout) as Parameters<typeof done>[0];
      if (done(parsed)) return parsed;
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error('status never reached the expected state');
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-inspection-'));
    database = await freshDatabase();
    for (const a of AGENCIES) {
      await database.db.agency.create({
        data: { code: a.code, name: a.name, kind: 'DEPARTMENT', contacts: { create: [...a.contacts] } },
      });
    }
    await database.db.agency.create({
      data: { code: 'SCU', name: 'Sở Cũ', kind: 'DEPARTMENT', active: false },
    });
    smtp = await startSmtpServer();
    env = {
      DATABASE_URL: database.url,
      TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS!,
      TEMPORAL_TASK_QUEUE: taskQueue,
      SMTP_HOST: smtp.host,
      SMTP_PORT: String(smtp.port),
    };
    nativeConnection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
    connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
    client = new Client({ connection });
    deps = createActivityDeps(
      loadConfig({ DATABASE_URL: database.url, SMTP_HOST: smtp.host, SMTP_PORT: String(smtp.port) }),
      database.db,
    );
    worker = await createWorker({ connection: nativeConnection, namespace: 'default', taskQueue, deps });
    running = worker.run();
  });
  afterAll(async () => {
    if (worker) {
      worker.shutdown();
      await running;
    }
    deps?.close();
    await connection?.close();
    await nativeConnection?.close();
    await smtp?.close();
    await database?.drop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses bad plan files, naming file, line and field, and starts nothing', async () => {
    const shape = await cli('inspection', 'start', '--plan', fixture('bad-shape.yaml'));
    expect(shape.code).toBe(1);
    expect(shape.stderr).toContain(
      `${fixture('bad-shape.yaml')}:2: code: mã kế hoạch: 2-30 ký tự in hoa, số hoặc - (vd. KT-2022-01)\n`,
    );
    expect(shape.stderr).toContain(
      `${fixture('bad-shape.yaml')}:9: inspections[0].visitDate: ngày không tồn tại trong lịch\n`,
    );
    expect(shape.stderr.trimEnd().split('\n').at(-1)).toBe(
      `Lỗi: 7 lỗi trong ${fixture('bad-shape.yaml')}; không bắt đầu kế hoạch nào`,
    );

    // A future plan whose second visit falls on a weekend and whose agencies are unknown or retired.
    const saturday = addDays(visit, (6 - weekday(visit) + 7) % 7 || 7);
    const bad = write(
      'bad.yaml',
      planYaml({
        code: `${CODE}-X`,
        inspections: [
          '  - agency: SXYZ',
          `    visitDate: ${visit}`,
          '    scope: Cải cách thể chế',
          '  - agency: SCU',
          `    visitDate: ${saturday}`,
          '    scope: Cải cách tổ chức bộ máy',
        ].join('\n'),
      }),
    );
    const run = await cli('inspection', 'start', '--plan', bad);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `${bad}:9: inspections[0].agency: không có đơn vị mã SXYZ (xem "cchc agencies list")\n`,
    );
    expect(run.stderr).toContain(`${bad}:12: inspections[1].agency: đơn vị SCU đã ngừng hoạt động\n`);
    expect(run.stderr).toContain(
      `${bad}:13: inspections[1].visitDate: ${formatVnDate(saturday)} là Thứ Bảy, ngày nghỉ cuối tuần: ngày kiểm tra phải là ngày làm việc\n`,
    );
    expect(run.stderr).toMatch(/Lỗi: 3 lỗi trong .*bad\.yaml; không bắt đầu kế hoạch nào\n$/);
    await expect(
      client.workflow.getHandle(planWorkflowId(YEAR, `${CODE}-X`)).describe(),
    ).rejects.toBeInstanceOf(WorkflowNotFoundError);
    const started = [];
    for await (const w of client.workflow.list({ query: `TaskQueue = '${taskQueue}'` }))
      started.push(w.workflowId);
    expect(started).toEqual([]);
    expect(await database.db.inspectionPlan.count()).toBe(0);
  });

  it('answers a plan or an agency that does not exist with one clear line', async () => {
    const status = await cli('inspection', 'status', '--plan', `${YEAR}/NOPE-1`);
    expect(status).toMatchObject({
      code: 1,
      stdout: '',
      stderr: `Lỗi: không có kế hoạch kiểm tra NOPE-1 năm ${YEAR} (đã chạy "cchc inspection start" chưa?)\n`,
    });
    const doc = await cli('inspection', 'self-report', '--plan', PLAN, '--agency', 'STP', '--doc', ' ');
    expect(doc.stderr).toBe('Lỗi: --doc: số văn bản không được để trống\n');
    const ref = await cli('inspection', 'cancel', '--plan', '2022-KT', '--agency', 'STP', '--reason', 'x');
    expect(ref.stderr).toBe('Lỗi: --plan: mong đợi <năm>/<mã kế hoạch>, vd. 2022/KT-2022-01\n');
  });

  it('starts a plan once: the notices go at once, a second start duplicates nothing', async () => {
    const file = write('plan.yaml', planYaml());
    const run = await cli('inspection', 'start', '--plan', file);
    expect(run.stderr).not.toContain('Lỗi');
    expect(run.code).toBe(0);
    const due = formatVnDatePadded(calendar.addWorkingDays(visit, -3));
    expect(run.stdout).toContain(
      `Đã bắt đầu kế hoạch kiểm tra ${CODE} năm ${YEAR} (Quyết định số 123/QĐ-UBND ngày 10/01/2022): 2 cuộc kiểm tra.`,
    );
    expect(run.stdout).toMatch(
      new RegExp(`^STP\\s+${formatVnDatePadded(visit)}\\s+gửi ngay\\s+${due}$`, 'm'),
    );
    expect(run.stdout).toContain(`Mã workflow: ${planWorkflowId(YEAR, CODE)}`);

    const notices = await smtp.waitForMessages(4, 30_000);
    const visitVi = formatVnDate(visit);
    expect(subjects(notices)).toEqual([
      `daumoi.stc@dongthap.example [CCHC] Thông báo kiểm tra công tác CCHC năm ${YEAR} tại Sở Tài chính – ngày ${visitVi}`,
      `daumoi.stp@dongthap.example [CCHC] Thông báo kiểm tra công tác CCHC năm ${YEAR} tại Sở Tư pháp – ngày ${visitVi}`,
      `thutruong.stc@dongthap.example [CCHC] Thông báo kiểm tra công tác CCHC năm ${YEAR} tại Sở Tài chính – ngày ${visitVi}`,
      `thutruong.stp@dongthap.example [CCHC] Thông báo kiểm tra công tác CCHC năm ${YEAR} tại Sở Tư pháp – ngày ${visitVi}`,
    ]);
    expect(notices[0]!.parsed!.text).toContain(
      'Thực hiện Quyết định số 123/QĐ-UBND ngày 10/01/2022, Đoàn kiểm tra',
    );

    const again = await cli('inspection', 'start', '--plan', file);
    expect(again.code).toBe(1);
    expect(again.stderr.trimEnd().split('\n').at(-1)).toBe(
      `Lỗi: kế hoạch ${CODE} năm ${YEAR} đang chạy (${planWorkflowId(YEAR, CODE)}): không bắt đầu lại; ` +
        `xem "cchc inspection status --plan ${PLAN}"`,
    );
    // Before it: at most the calendar's warnings (a year whose holidays are not confirmed yet).
    expect(
      again.stderr
        .trimEnd()
        .split('\n')
        .slice(0, -1)
        .every((l) => l.startsWith('Cảnh báo: ')),
    ).toBe(true);
    await new Promise((r) => setTimeout(r, 1500));
    expect(smtp.messages).toHaveLength(4);
    expect(await database.db.inspection.count()).toBe(2);
  });

  it('prints each inspection of the plan', async () => {
    await statusUntil((s) => s.inspections.every((i) => i.state === 'NOTIFIED'));
    const run = await cli('inspection', 'status', '--plan', PLAN);
    expect(run.code).toBe(0);
    const due = formatVnDatePadded(calendar.addWorkingDays(visit, -3));
    expect(run.stdout).toContain(
      `Kế hoạch kiểm tra ${CODE} năm ${YEAR} (Quyết định số 123/QĐ-UBND ngày 10/01/2022): đang thực hiện`,
    );
    expect(run.stdout).toMatch(
      /^Đơn vị\s+Ngày kiểm tra\s+Trạng thái\s+Báo cáo tự kiểm tra\s+Tồn tại\s+Mức đôn đốc$/m,
    );
    expect(run.stdout).toMatch(
      new RegExp(
        `^STP\\s+${formatVnDatePadded(visit)}\\s+đã thông báo\\s+chưa nộp \\(hạn ${due}\\)\\s+—\\s+0$`,
        'm',
      ),
    );
    const list = await cli('inspection', 'status');
    expect(list.stdout).toMatch(
      new RegExp(`^${YEAR}\\s+${CODE}\\s+123/QĐ-UBND ngày 10/01/2022\\s+đang thực hiện\\s+0/2 đã xong$`, 'm'),
    );
  });

  it('records the self-report, the result with findings and each remediation, then concludes', async () => {
    const selfReport = await cli(
      'inspection',
      'self-report',
      '--plan',
      PLAN,
      '--agency',
      'stp',
      '--doc',
      '15/BC-STP',
    );
    expect(selfReport.stderr).toBe('');
    expect(selfReport.stdout).toMatch(
      new RegExp(
        `^Đã nhận báo cáo tự kiểm tra số 15/BC-STP của STP lúc \\d\\d:\\d\\d ngày ${formatVnDatePadded(vnDateOf(Date.now()))}: ` +
          `đúng hạn \\(hạn ${formatVnDatePadded(calendar.addWorkingDays(visit, -3))}\\)\\. Số biên nhận: ${CODE}-STP-TKT1\\n$`,
      ),
    );

    const explicitDue = calendar.addWorkingDays(today, 20);
    const findings = write(
      'findings.yaml',
      [
        '- description: Chưa niêm yết đầy đủ thủ tục hành chính',
        '- code: F2',
        '  description: Chưa số hóa hồ sơ tiếp nhận',
        `  remediationDueDate: ${explicitDue}`,
        '',
      ].join('\n'),
    );
    const result = await cli(
      'inspection',
      'result',
      '--year',
      String(YEAR),
      '--code',
      CODE,
      '--agency',
      'STP',
      '--findings',
      findings,
      '--visited-on',
      today,
    );
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain(
      `Đã ghi nhận kết quả kiểm tra tại STP ngày ${formatVnDatePadded(today)}: 2 tồn tại phải khắc phục.`,
    );
    expect(result.stdout).toMatch(
      new RegExp(
        `^F1\\s+Chưa niêm yết đầy đủ thủ tục hành chính\\s+${formatVnDatePadded(calendar.addWorkingDays(today, 30))}$`,
        'm',
      ),
    );
    expect(result.stdout).toMatch(
      new RegExp(`^F2\\s+Chưa số hóa hồ sơ tiếp nhận\\s+${formatVnDatePadded(explicitDue)}$`, 'm'),
    );

    // Validators refuse before anything enters the history.
    const stp = inspectionWorkflowId(YEAR, CODE, 'STP');
    const before = await historyLength(stp);
    const twice = await cli('inspection', 'result', '--plan', PLAN, '--agency', 'STP', '--no-findings');
    expect(twice.stderr).toMatch(
      /^Lỗi: không chấp nhận: kết quả kiểm tra đã được ghi nhận lúc \d\d:\d\d ngày \d+\/\d+\/\d{4}\n$/,
    );
    const unknown = await cli(
      'inspection',
      'remediation',
      '--plan',
      PLAN,
      '--agency',
      'STP',
      '--finding',
      'F9',
      '--doc',
      '1/BC',
    );
    expect(unknown.stderr).toBe('Lỗi: --finding: không có tồn tại mã F9 (các mã: F1, F2)\n');
    expect(await historyLength(stp)).toBe(before);

    const first = await cli(
      'inspection',
      'remediation',
      '--plan',
      PLAN,
      '--agency',
      'STP',
      '--finding',
      'f1',
      '--doc',
      '40/BC-STP',
    );
    expect(first.stderr).toBe('');
    expect(first.stdout).toContain(`Số biên nhận: ${CODE}-STP-F1-KP`);
    expect(first.stdout).toContain('đúng hạn');
    expect(first.stdout).toContain('Còn 1 tồn tại chưa khắc phục.');
    const last = await cli(
      'inspection',
      'remediation',
      '--plan',
      PLAN,
      '--agency',
      'STP',
      '--finding',
      'F2',
      '--doc',
      '41/BC-STP',
    );
    expect(last.stdout).toContain('Tất cả tồn tại đã được khắc phục: thông báo kết luận đang được gửi.');

    const mails = await smtp.waitForMessages(6, 30_000);
    const conclusions = mails.slice(4);
    expect(subjects(conclusions)).toEqual([
      `daumoi.stp@dongthap.example [CCHC] Thông báo kết luận kiểm tra công tác CCHC năm ${YEAR} tại Sở Tư pháp`,
      `thutruong.stp@dongthap.example [CCHC] Thông báo kết luận kiểm tra công tác CCHC năm ${YEAR} tại Sở Tư pháp`,
    ]);
    expect(conclusions[0]!.parsed!.text).toContain('- Số tồn tại phát hiện: 2');
    expect(conclusions[0]!.parsed!.text).toContain('- Số tồn tại đã khắc phục: 2');
  });

  it('reschedules one inspection (refusing a day off) and cancels it, telling the agency each time', async () => {
    const saturday = addDays(visit, (6 - weekday(visit) + 7) % 7 || 7);
    const off = await cli(
      'inspection',
      'reschedule',
      '--plan',
      PLAN,
      '--agency',
      'STC',
      '--date',
      saturday,
      '--reason',
      'Trùng lịch',
    );
    expect(off.stderr).toBe(
      `Lỗi: --date: ${formatVnDate(saturday)} là Thứ Bảy, ngày nghỉ cuối tuần: ngày kiểm tra phải là ngày làm việc\n`,
    );

    const moved = calendar.addWorkingDays(today, 12);
    const run = await cli(
      'inspection',
      'reschedule',
      '--plan',
      PLAN,
      '--agency',
      'STC',
      '--date',
      moved,
      '--reason',
      'Trùng lịch họp UBND tỉnh',
    );
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      `Đã dời lịch kiểm tra tại STC từ ${formatVnDatePadded(visit)} sang ${formatVnDatePadded(moved)}; ` +
        `hạn báo cáo tự kiểm tra: ${formatVnDatePadded(calendar.addWorkingDays(moved, -3))}. Thông báo thay đổi lịch đang được gửi.\n`,
    );
    const revised = (await smtp.waitForMessages(8, 30_000)).slice(6);
    expect(subjects(revised)).toEqual(
      ['daumoi.stc', 'thutruong.stc'].map(
        (who) =>
          `${who}@dongthap.example [CCHC] Thông báo thay đổi lịch kiểm tra công tác CCHC năm ${YEAR} tại Sở Tài chính – ngày ${formatVnDate(moved)}`,
      ),
    );
    expect(revised[0]!.parsed!.text).toContain(
      `từ ngày ${formatVnDate(visit)} sang ngày ${formatVnDate(moved)}`,
    );
    expect(revised[0]!.parsed!.text).toContain('- Lý do thay đổi: Trùng lịch họp UBND tỉnh');

    const cancel = await cli(
      'inspection',
      'cancel',
      '--plan',
      PLAN,
      '--agency',
      'STC',
      '--reason',
      'Đơn vị đang sáp nhập',
    );
    expect(cancel.stderr).toBe('');
    expect(cancel.stdout).toMatch(
      /^Đã hủy cuộc kiểm tra tại STC lúc .+\. Thông báo hủy đang được gửi cho đơn vị\.\n$/,
    );
    const cancelled = (await smtp.waitForMessages(10, 30_000)).slice(8);
    expect(subjects(cancelled)).toEqual(
      ['daumoi.stc', 'thutruong.stc'].map(
        (who) =>
          `${who}@dongthap.example [CCHC] Hủy lịch kiểm tra công tác CCHC năm ${YEAR} tại Sở Tài chính (ngày ${formatVnDate(moved)})`,
      ),
    );
    expect(cancelled[0]!.parsed!.text).toContain('- Lý do: Đơn vị đang sáp nhập');
  });

  it('shows the finished plan, mirrored in the database, and refuses updates to it', async () => {
    const final = await statusUntil((s) => s.plan.status === 'COMPLETED');
    expect(final.inspections.map((i) => `${i.agencyCode} ${i.state}`)).toEqual([
      'STP CONCLUDED',
      'STC CANCELLED',
    ]);
    const run = await cli('inspection', 'status', '--plan', PLAN);
    expect(run.stdout).toContain(`năm ${YEAR} (Quyết định số 123/QĐ-UBND ngày 10/01/2022): đã hoàn thành`);
    expect(run.stdout).toMatch(
      /^STP\s+\S+\s+đã kết luận\s+15\/BC-STP, đúng hạn\s+0 mở \/ 2 đã khắc phục\s+0$/m,
    );
    expect(run.stdout).toMatch(/^STC\s+\S+\s+đã hủy\s+—\s+—\s+0$/m);

    const plan = await database.db.inspectionPlan.findUniqueOrThrow({
      where: { workflowId: planWorkflowId(YEAR, CODE) },
      include: { inspections: { include: { findings: true, agency: true }, orderBy: { id: 'asc' } } },
    });
    expect(plan.status).toBe('COMPLETED');
    expect(
      plan.inspections.map((i) => [
        i.agency.code,
        i.state,
        i.selfReportReceipt,
        i.cancelReason,
        i.rescheduleReason,
      ]),
    ).toEqual([
      ['STP', 'CONCLUDED', `${CODE}-STP-TKT1`, null, null],
      ['STC', 'CANCELLED', null, 'Đơn vị đang sáp nhập', 'Trùng lịch họp UBND tỉnh'],
    ]);
    expect(
      plan.inspections[0]!.findings.map((f) => `${f.code} ${f.state} ${f.remediationReport}`).sort(),
    ).toEqual(['F1 REMEDIATED 40/BC-STP', 'F2 REMEDIATED 41/BC-STP']);
    expect(await database.db.notification.count({ where: { status: 'SENT' } })).toBe(10);

    // Search attributes: codes and states, for the Web UI and list filters.
    const stp = await client.workflow.getHandle(inspectionWorkflowId(YEAR, CODE, 'STP')).describe();
    expect(
      [SA_KIND, SA_YEAR, SA_PLAN, SA_AGENCY, SA_STATE].map((k) => stp.typedSearchAttributes.get(k as never)),
    ).toEqual(['inspection', YEAR, CODE, 'STP', 'CONCLUDED']);
    expect(stp.typedSearchAttributes.get(SA_DUE_AT)).toBeUndefined();
    const planDescription = await client.workflow.getHandle(planWorkflowId(YEAR, CODE)).describe();
    expect(planDescription.typedSearchAttributes.get(SA_STATE)).toBe('COMPLETED');
    expect(planDescription.typedSearchAttributes.get(SA_KIND)).toBe('inspection-plan');

    const late = await cli(
      'inspection',
      'self-report',
      '--plan',
      PLAN,
      '--agency',
      'STP',
      '--doc',
      '16/BC-STP',
    );
    expect(late.stderr).toBe(
      `Lỗi: cuộc kiểm tra tại STP (kế hoạch ${CODE} năm ${YEAR}) đã kết thúc: đã kết luận\n`,
    );
    const other = await cli('inspection', 'cancel', '--plan', PLAN, '--agency', 'SYT', '--reason', 'x');
    expect(other.stderr).toBe(
      `Lỗi: --agency: kế hoạch ${CODE} năm ${YEAR} không kiểm tra đơn vị SYT (có: STP, STC)\n`,
    );
  });
});

// The mirror activities on their own against PostgreSQL: repeated calls change nothing.
describe('inspection activities (PostgreSQL)', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => {
    database = await freshDatabase();
    await database.db.agency.create({ data: { code: 'STP', name: 'Sở Tư pháp', kind: 'DEPARTMENT' } });
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('records the plan, the inspection with its findings, and escalations once each', async () => {
    const acts = createInspectionActivities({ db: database.db });
    const workflowId = 'inspection-2022-KT-2022-09-STP';
    const planRecord = {
      workflowId: 'inspection-plan-2022-KT-2022-09',
      year: 2022,
      code: 'KT-2022-09',
      decisionRef: '1/QĐ-UBND',
      team: { lead: { agency: 'SNV', role: 'snv_desk' }, members: [] },
      policy: {},
      inspections: [
        {
          workflowId,
          agencyCode: 'STP',
          scope: 'x',
          visitDate: '2022-03-22',
          selfReportDueAt: '2022-03-17T16:59:59.999Z',
        },
      ],
    };
    await acts.recordInspectionPlan(planRecord);
    await acts.recordInspectionPlan(planRecord);
    const status = {
      workflowId,
      planWorkflowId: planRecord.workflowId,
      agencyCode: 'STP',
      scope: 'x',
      state: 'REMEDIATING',
      visitDate: '2022-03-22',
      selfReportDueDate: '2022-03-17',
      selfReport: { receivedAt: '2022-03-16T07:00:00.000Z', receiptNumber: 'KT-2022-09-STP-TKT1' },
      resultRecordedAt: '2022-03-22T10:00:00.000Z',
      escalationLevel: 1,
      reschedules: [],
      findings: [
        { code: 'F1', description: 'd', dueDate: '2022-04-08', state: 'OVERDUE', escalationLevel: 1 },
      ],
      mirrorVersion: 2,
    } as unknown as Parameters<typeof acts.syncInspection>[0];
    await acts.syncInspection(status);
    await acts.syncInspection(status);
    // An older snapshot (an earlier attempt landing late) changes nothing.
    await acts.syncInspection({
      ...status,
      state: 'NOTIFIED',
      escalationLevel: 0,
      findings: [],
      mirrorVersion: 1,
    });
    const escalation = {
      key: `${workflowId}:REMEDIATION_OVERDUE:F1:1`,
      workflowId,
      subject: 'REMEDIATION_OVERDUE' as const,
      agencyCode: 'STP',
      level: 1,
      toRole: 'snv_desk',
      escalatedAt: '2022-04-12T01:00:00.000Z',
    };
    await acts.recordInspectionEscalation(escalation);
    await acts.recordInspectionEscalation(escalation);
    const resolve = (resolvedAt: string) =>
      acts.resolveInspectionEscalations({ keyPrefix: `${workflowId}:`, resolvedAt });
    expect(await resolve('2022-04-20T03:00:00.000Z')).toBe(1);
    expect(await resolve('2022-04-21T03:00:00.000Z')).toBe(0);
    await acts.completeInspectionPlan({ workflowId: planRecord.workflowId, status: 'COMPLETED' });

    const row = await database.db.inspection.findUniqueOrThrow({
      where: { workflowId },
      include: { findings: true, escalations: true, plan: true },
    });
    expect(row).toMatchObject({
      state: 'REMEDIATING',
      selfReportReceipt: 'KT-2022-09-STP-TKT1',
      selfReportDueAt: new Date('2022-03-17T16:59:59.999Z'),
      escalationLevel: 1,
      plan: { status: 'COMPLETED', code: 'KT-2022-09' },
    });
    expect(row.findings).toMatchObject([
      {
        code: 'F1',
        state: 'OVERDUE',
        remediationDueAt: new Date('2022-04-08T16:59:59.999Z'),
        escalationLevel: 1,
      },
    ]);
    expect(row.escalations).toMatchObject([
      {
        level: 1,
        toRole: 'SNV_DESK',
        subject: 'REMEDIATION_OVERDUE',
        resolvedAt: new Date('2022-04-20T03:00:00.000Z'),
      },
    ]);
    expect(await database.db.inspection.count()).toBe(1);
  });
});
