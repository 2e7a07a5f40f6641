import { createWorkingCalendar } from '../../domain/calendar';
import {
  channelRegistryOf,
  createCaptureTransport,
  createEmailChannel,
  createSmsChannel,
  type Channel,
} from '../../activities/channels';
import { createNotificationActivities, type NotifyInput } from '../../activities/notifications';
import { runCli } from '../support/cli';
import { contextOf } from '../support/report-payloads';
import { freshDatabase } from '../support/db';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp';

// `cchc notifications list` as an official runs it, over a delivery log written by real sends.

/** The overdue SMS to STP's focal point, as it will be sent: the table shows all of it. */
const OVERDUE_SMS =
  'So Tu phap: chua gui bao cao CCHC Quy I nam 2022 (han 16/03/2022), da cham 1 ngay lam viec. ' +
  'De nghi Thu truong don vi chi dao gui ngay ve So Noi vu.';

describe('cchc notifications list', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let smtp: TestSmtpServer;
  let email: Channel;
  let env: Record<string, string>;

  beforeAll(async () => {
    database = await freshDatabase();
    env = { DATABASE_URL: database.url, CCHC_TIME_ZONE: 'Asia/Ho_Chi_Minh' };
    const { db } = database;
    await db.agency.create({
      data: {
        code: 'STP',
        name: 'Sở Tư pháp',
        kind: 'DEPARTMENT',
        contacts: {
          create: [
            {
              role: 'FOCAL_POINT',
              name: 'Đầu mối CCHC STP',
              email: 'daumoi.stp@dongthap.example',
              phone: '0900000107',
            },
            { role: 'HEAD', name: 'Thủ trưởng STP', email: 'thutruong.stp@dongthap.example' },
          ],
        },
      },
    });
    await db.agency.create({
      data: {
        code: 'SNV',
        name: 'Sở Nội vụ',
        kind: 'DEPARTMENT',
        contacts: {
          create: [{ role: 'SNV_DESK', name: 'Phòng CCHC', email: 'phongcchc.snv@dongthap.example' }],
        },
      },
    });
    smtp = await startSmtpServer({ parse: false });
    email = createEmailChannel(smtp.config);
    const notify = createNotificationActivities({
      db,
      now: () => new Date('2022-03-14T20:00:00+07:00'), // Monday evening: email goes, SMS waits
      config: { timeZone: 'Asia/Ho_Chi_Minh' },
      channels: channelRegistryOf({ email, sms: createSmsChannel(createCaptureTransport(() => undefined)) }),
      calendar: createWorkingCalendar(),
    }).notify;

    smtp.refuse({ code: 550, to: 'thutruong.stp@dongthap.example', times: Infinity });
    const q1 = contextOf('CCHC', 2022, 'Q1');
    const report = { cycle: q1, dueDate: '2022-03-16', dueAt: Date.parse('2022-03-16T23:59:59+07:00') };
    const late = { unit: 'workingDays', amount: 1 } as const;
    const base = {
      workflowId: 'report-CCHC-2022-Q1-STP',
      agencyCode: 'STP',
      roles: ['focal_point', 'head'],
    } as const;
    await notify({
      ...base,
      roles: [...base.roles],
      purpose: 'REPORT_OVERDUE',
      step: 'overdue',
      channels: ['email', 'sms'],
      data: { ...report, late },
    });
    const escalation: NotifyInput = {
      workflowId: 'cycle-CCHC-2022-Q1',
      purpose: 'ESCALATION_SNV',
      step: 'esc-1',
      agencyCode: 'SNV',
      roles: ['snv_desk'],
      channels: ['email'],
      data: {
        cycle: q1,
        level: 1,
        asOf: '2022-03-17',
        lateAgencies: [{ code: 'STP', name: 'Sở Tư pháp', dueDate: '2022-03-16', late, contacts: [] }],
      },
    };
    await notify(escalation);
    await notify({
      workflowId: 'report-CCHC-2022-H1-STP',
      purpose: 'CYCLE_OPENING',
      step: 'open',
      agencyCode: 'STP',
      roles: ['focal_point'],
      channels: ['email'],
      data: {
        cycle: contextOf('CCHC', 2022, 'H1'),
        windowStart: '2021-12-15',
        cutoff: '2022-06-14',
        dueDate: '2022-06-16',
        dueAt: Date.parse('2022-06-16T23:59:59+07:00'),
      },
    });
    // A drill of the same period: its reports share the real cycle's prefix but are not its own.
    await db.reportingCycle.create({
      data: {
        workflowId: 'cycle-CCHC-2022-Q1-DT1',
        key: 'CCHC-2022-Q1-DT1',
        year: 2022,
        period: 'Q1',
        drillNo: 1,
        drill: true,
        windowStart: new Date('2021-12-15'),
        cutoff: new Date('2022-03-14'),
        opensAt: new Date('2022-03-14T12:00:00Z'),
        agencyDueAt: new Date('2022-03-14T12:30:00Z'),
        provinceDueAt: new Date('2022-03-14T12:40:00Z'),
      },
    });
    await notify({
      workflowId: 'report-CCHC-2022-Q1-DT1-STP',
      purpose: 'CYCLE_OPENING',
      step: 'open',
      agencyCode: 'STP',
      roles: ['focal_point'],
      channels: ['email'],
      data: {
        cycle: contextOf('CCHC', 2022, 'Q1', true),
        windowStart: '2021-12-15',
        cutoff: '2022-03-14',
        dueDate: '2022-03-14',
        dueAt: Date.parse('2022-03-14T19:30:00+07:00'),
      },
    });
  });
  afterAll(async () => {
    await email?.close();
    await smtp?.close();
    await database?.drop();
  });

  it('shows the whole delivery log as a table, oldest first', async () => {
    const { code, stdout, stderr } = await runCli(['notifications', 'list'], env);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^Thời gian\s+Kênh\s+Đơn vị\s+Người nhận\s+Nội dung\s+Trạng thái\s+Lần thử\s+Lỗi$/,
    );
    const rows = lines.slice(2, -1);
    expect(rows).toHaveLength(6);
    expect(rows.find((l) => l.includes('daumoi.stp@dongthap.example') && l.includes('Quá hạn'))).toMatch(
      /^14\/03\/2022 20:00\s+email\s+STP\s+daumoi\.stp@dongthap\.example\s+Quá hạn\s+đã gửi\s+1\s*$/,
    );
    expect(rows.find((l) => l.includes('thutruong.stp'))).toMatch(
      /email\s+STP\s+thutruong\.stp@dongthap\.example\s+Quá hạn\s+lỗi\s+1\s+SMTP 550 \(RCPT TO\)/,
    );
    // The SMS with its whole text as it will be sent (it is short: two segments at most).
    const sms = await database.db.notification.findFirstOrThrow({ where: { channel: 'SMS' } });
    expect(sms.body!.length).toBeGreaterThan(60); // longer than the table used to show
    const smsRow = rows.find((l) => l.includes('0900000107'))!;
    expect(smsRow).toMatch(
      /SMS\s+STP\s+0900000107\s+Quá hạn: ".+"\s+chờ gửi \(từ 15\/03\/2022 07:30\)\s+0\s*$/,
    );
    expect(smsRow).toContain(`Quá hạn: "${sms.body!.replace(/\s+/g, ' ').trim()}"`);
    expect(smsRow).toContain(`Quá hạn: "${OVERDUE_SMS}"`);
    // No address or number but the row's own recipient.
    expect(smsRow.match(/\b0\d{9}\b|@/g)).toEqual(['0900000107']);
    expect(lines.at(-1)).toBe('Tổng: 6 thông báo: 4 đã gửi, 1 chờ gửi, 1 lỗi.');
  });

  it('filters by agency and status, as JSON', async () => {
    const { code, stdout } = await runCli(
      ['notifications', 'list', '--agency', 'stp', '--status', 'FAILED', '--json'],
      env,
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual([
      expect.objectContaining({
        channel: 'email',
        agencyCode: 'STP',
        recipient: 'thutruong.stp@dongthap.example',
        purpose: 'REPORT_OVERDUE',
        workflowId: 'report-CCHC-2022-Q1-STP',
        status: 'failed',
        attempts: 1,
        lastError: expect.stringContaining('SMTP 550'),
        sentAt: null,
        subject: expect.stringMatching(/\S/),
      }),
    ]);
    // An email's body stays out of the list.
    expect(JSON.parse(stdout)[0]).not.toHaveProperty('body');
  });

  it('gives an SMS with its whole text as JSON', async () => {
    const { code, stdout } = await runCli(['notifications', 'list', '--agency', 'STP', '--json'], env);
    expect(code).toBe(0);
    const sms = await database.db.notification.findFirstOrThrow({ where: { channel: 'SMS' } });
    const listed = (JSON.parse(stdout) as { channel: string; body?: string; recipient: string }[]).filter(
      (n) => n.channel === 'sms',
    );
    expect(listed).toEqual([expect.objectContaining({ recipient: '0900000107', body: sms.body })]);
    expect(sms.body).toBe(OVERDUE_SMS);
  });

  it('takes a cycle with its per-agency reports (CCHC-2022-Q1 = cycle-CCHC-2022-Q1 + report-CCHC-2022-Q1-*)', async () => {
    const ids = async (cycle: string) => {
      const run = await runCli(['notifications', 'list', '--cycle', cycle, '--json'], env);
      expect(run.stderr).toBe('');
      return (JSON.parse(run.stdout) as { workflowId: string }[]).map((n) => n.workflowId);
    };
    const q1 = await ids('CCHC-2022-Q1');
    // Not the drill's reports, although their IDs start the same way.
    expect(new Set(q1)).toEqual(new Set(['cycle-CCHC-2022-Q1', 'report-CCHC-2022-Q1-STP']));
    expect(q1).toHaveLength(4);
    expect(await ids('cycle-cchc-2022-q1')).toEqual(q1);
    expect(await ids('2022-Q1')).toEqual(q1); // the CCHC regime's, as before regimes
    expect(await ids('CCHC-2022-Q1-DT1')).toEqual(['report-CCHC-2022-Q1-DT1-STP']);

    expect(await ids('2022-h1')).toEqual(['report-CCHC-2022-H1-STP']);
    expect(await ids('KSTTHC-2022-Q1')).toEqual([]);
  });

  it('says when only the newest rows are shown', async () => {
    const { stdout } = await runCli(['notifications', 'list', '--limit', '2'], env);
    expect(stdout.trimEnd().split('\n').at(-1)).toBe(
      'Tổng: 2 thông báo: 2 đã gửi, 0 chờ gửi, 0 lỗi. Chỉ hiện 2/6 dòng mới nhất (dùng --limit để xem thêm).',
    );
  });

  it.each([
    [
      ['--status', 'bogus'],
      'Lỗi: --status: mong đợi một trong: pending, sent, failed, uncertain, skipped (nhận "bogus")',
    ],
    [
      ['--cycle', 'Q1-2022'],
      'Lỗi: --cycle: mong đợi mã kỳ báo cáo dạng CCHC-2022-Q1 (diễn tập: CCHC-2022-Q1-DT1) (nhận "Q1-2022")',
    ],
    [['--limit', '0'], 'Lỗi: --limit: ít nhất 1 (nhận "0")'],
    [['--agency', 'XYZ'], 'Lỗi: --agency: không có đơn vị mã XYZ (xem "cchc agencies list")'],
  ])('rejects %j with one line naming the option', async (args, message) => {
    const { code, stdout, stderr } = await runCli(['notifications', 'list', ...args], env);
    expect({ code, stdout, stderr }).toEqual({ code: 1, stdout: '', stderr: `${message}\n` });
  });
});
