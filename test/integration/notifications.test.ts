import { createWorkingCalendar, DEFAULT_POLICY } from '../../domain/calendar';
import { ApplicationFailure } from '@temporalio/common';
import { classifySmtpError, createSmtpMailer, messageIdFor, type Mailer } from '../../activities/mailer';
import {
  createNotificationActivities,
  type NotificationDeps,
  type NotifyInput,
} from '../../activities/notifications';
import {
  createCaptureGateway,
  createEsmsGateway,
  createWebhookGateway,
  requestIdFor,
} from '../../activities/sms';
import { freePort } from '../../scripts/lib/ports';
import type { Db } from '../../config/connections';
import { freshDatabase } from '../support/db';
import { startSmsGateway, type TestSmsGateway } from '../support/sms-gateway';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp';

// notify against a real PostgreSQL, a real SMTP server and a local HTTP SMS gateway.

const SLDTBXH = 'Sở Lao động - Thương binh và Xã hội';

async function seed(db: Db): Promise<void> {
  const agency = (code: string, name: string, kind: 'PROVINCE' | 'DEPARTMENT', contacts: object[]) =>
    db.agency.create({ data: { code, name, kind, contacts: { create: contacts as never[] } } });
  await agency('UBND_TINH', 'Ủy ban nhân dân tỉnh Đồng Tháp', 'PROVINCE', [
    { role: 'UBND', name: 'Văn thư UBND tỉnh', email: 'vanthu.ubnd@dongthap.example' },
  ]);
  await agency('SNV', 'Sở Nội vụ', 'DEPARTMENT', [
    {
      role: 'SNV_DESK',
      name: 'Phòng CCHC Sở Nội vụ',
      email: 'phongcchc.snv@dongthap.example',
      phone: '0900000103',
    },
    {
      role: 'SNV_DIRECTOR',
      name: 'Giám đốc Sở Nội vụ',
      email: 'giamdoc.snv@dongthap.example',
      phone: '0900000104',
    },
  ]);
  await agency('STP', 'Sở Tư pháp', 'DEPARTMENT', [
    {
      role: 'FOCAL_POINT',
      name: 'Đầu mối CCHC STP',
      email: 'daumoi.stp@dongthap.example',
      phone: '0900000107',
    },
    { role: 'HEAD', name: 'Thủ trưởng STP', email: 'thutruong.stp@dongthap.example', phone: '0900000108' },
    {
      role: 'FOCAL_POINT',
      name: 'Đầu mối cũ STP',
      email: 'daumoi.cu.stp@dongthap.example',
      phone: '0900000199',
      active: false,
    },
  ]);
  await agency('SLDTBXH', SLDTBXH, 'DEPARTMENT', [
    {
      role: 'FOCAL_POINT',
      name: 'Đầu mối CCHC SLDTBXH',
      email: 'daumoi.sldtbxh@dongthap.example',
      phone: '0900000115',
    },
  ]);
  await agency('STC', 'Sở Tài chính', 'DEPARTMENT', [
    { role: 'FOCAL_POINT', name: 'Đầu mối CCHC STC', email: 'daumoi.stc@dongthap.example', phone: '12345' },
  ]);
  await agency('SYT', 'Sở Y tế', 'DEPARTMENT', []);
}

const reminder = (
  agencyCode: string,
  step: string,
  channels: NotifyInput['channels'] = ['email'],
): NotifyInput => ({
  workflowId: `report-2022-Q1-${agencyCode}`,
  purpose: 'REPORT_REMINDER',
  step,
  agencyCode,
  roles: ['focal_point'],
  channels,
  data: { year: 2022, period: 'Q1', dueDate: '2022-03-16', workingDaysLeft: 3 },
});
const keyOf = (input: NotifyInput, channel: string, recipient: string) =>
  `${input.workflowId}:${input.purpose}:${input.step}:${channel}:${recipient}`;

/** Vietnam wall-clock time as an instant. */
const vn = (local: string) => new Date(`${local}+07:00`);

describe('notify: email and SMS with an outbox', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let db: Db;
  let smtp: TestSmtpServer;
  let gateway: TestSmsGateway;
  let mailer: Mailer;
  let clock: Date;

  beforeAll(async () => {
    database = await freshDatabase();
    db = database.db;
    smtp = await startSmtpServer();
    gateway = await startSmsGateway();
    mailer = createSmtpMailer(smtp.config);
    await seed(db);
  });
  afterAll(async () => {
    mailer?.close();
    await smtp?.close();
    await gateway?.close();
    await database?.drop();
  });
  beforeEach(() => {
    smtp.reset();
    gateway.reset();
    clock = vn('2022-03-14T09:00:00'); // Monday, working hours
  });

  function notifier(overrides: Partial<NotificationDeps> = {}) {
    return createNotificationActivities({
      db,
      now: () => clock,
      config: { timeZone: 'Asia/Ho_Chi_Minh' },
      mailer,
      sms: createEsmsGateway(gateway.esmsConfig()),
      calendar: createWorkingCalendar(),
      quietHours: DEFAULT_POLICY.quietHours,
      ...overrides,
    }).notify;
  }
  const row = (key: string) => db.notification.findUniqueOrThrow({ where: { idempotencyKey: key } });

  async function expectRetryable(promise: Promise<unknown>, text: string | RegExp): Promise<void> {
    const err = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect((err as ApplicationFailure).nonRetryable).toBe(false);
    expect((err as ApplicationFailure).message).toMatch(text);
  }

  describe('email', () => {
    it('sends one email per key even when the same activity runs twice', async () => {
      const notify = notifier();
      const input = reminder('STP', 'r-3wd');
      expect(await notify(input)).toEqual({
        sent: 1,
        alreadySent: 0,
        deferred: [],
        failed: [],
        noRecipients: false,
      });
      expect(await notify(input)).toEqual({
        sent: 0,
        alreadySent: 1,
        deferred: [],
        failed: [],
        noRecipients: false,
      });

      expect(smtp.messages).toHaveLength(1);
      const key = keyOf(input, 'email', 'daumoi.stp@dongthap.example');
      expect(smtp.messages[0]!.envelope.to).toEqual(['daumoi.stp@dongthap.example']);
      expect(smtp.messages[0]!.parsed!.messageId).toBe(messageIdFor(key));
      expect(await row(key)).toMatchObject({
        status: 'SENT',
        attempts: 1,
        channel: 'EMAIL',
        purpose: 'REPORT_REMINDER',
        agencyCode: 'STP',
        providerId: messageIdFor(key),
        sentAt: clock,
        lastError: null,
      });
      // The inactive former focal point gets nothing.
      expect(await db.notification.count({ where: { recipient: 'daumoi.cu.stp@dongthap.example' } })).toBe(0);
    });

    it('sends once when two runs of the same activity overlap', async () => {
      const notify = notifier();
      const input = reminder('STP', 'r-overlap');
      const results = await Promise.allSettled([notify(input), notify(input)]);
      const key = keyOf(input, 'email', 'daumoi.stp@dongthap.example');
      expect(smtp.messages).toHaveLength(1);
      expect((await row(key)).attempts).toBe(1);
      // The loser either saw the row already sent or was told to retry; its retry does nothing more.
      for (const r of results.filter((x) => x.status === 'rejected')) {
        expect((r as PromiseRejectedResult).reason).toMatchObject({ nonRetryable: false });
      }
      expect(await notify(input)).toMatchObject({ sent: 0, alreadySent: 1 });
      expect(smtp.messages).toHaveLength(1);
    });

    it('lets a crashed attempt hold its claim only until its lease runs out', async () => {
      const notify = notifier();
      const input = reminder('STP', 'r-crash');
      const key = keyOf(input, 'email', 'daumoi.stp@dongthap.example');
      // An earlier attempt claimed the row a minute ago and died before sending or recording anything.
      await db.notification.create({
        data: {
          idempotencyKey: key,
          channel: 'EMAIL',
          purpose: input.purpose,
          workflowId: input.workflowId,
          agencyCode: 'STP',
          recipient: 'daumoi.stp@dongthap.example',
          attempts: 1,
          notBefore: new Date(clock.getTime() + 60_000),
        },
      });
      await expectRetryable(notify(input), /being sent by another attempt/);
      expect(smtp.messages).toHaveLength(0);

      clock = new Date(clock.getTime() + 2 * 60_000);
      expect(await notify(input)).toMatchObject({ sent: 1 });
      expect(smtp.messages).toHaveLength(1);
      expect(await row(key)).toMatchObject({ status: 'SENT', attempts: 2, notBefore: null });
    });

    it('delivers Vietnamese subject, plain text and HTML to the focal point', async () => {
      await notifier()(reminder('SLDTBXH', 'r-3wd'));
      const mail = smtp.messages[0]!.parsed!;
      expect(mail.subject).toBe('[CCHC] Nhắc hạn gửi báo cáo CCHC Quý I năm 2022 – hạn 16/3/2022');
      expect(mail.from!.text).toContain('Sở Nội vụ Đồng Tháp (CCHC)');
      expect(mail.to).toMatchObject({
        value: [{ address: 'daumoi.sldtbxh@dongthap.example', name: 'Đầu mối CCHC SLDTBXH' }],
      });
      expect(mail.text).toContain(`Kính gửi: ${SLDTBXH}.`);
      expect(mail.text).toContain(
        'Hạn gửi báo cáo CCHC Quý I năm 2022 về Sở Nội vụ là thứ Tư, 16/3/2022, còn 3 ngày làm việc.',
      );
      expect(mail.html).toContain(`<p>Kính gửi: ${SLDTBXH}.</p>`);
      expect(mail.html).toContain('thứ Tư, 16/3/2022');
      expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
      const stored = await row(
        keyOf(reminder('SLDTBXH', 'r-3wd'), 'email', 'daumoi.sldtbxh@dongthap.example'),
      );
      expect(stored.subject).toBe(mail.subject);
      expect(stored.body).toBe(mail.text);
    });

    it('escalates to Sở Nội vụ with the late agencies named from the database, values escaped', async () => {
      const result = await notifier()({
        workflowId: 'cycle-2022-Q1',
        purpose: 'ESCALATION_SNV',
        step: 'esc-1',
        agencyCode: 'SNV',
        roles: ['snv_desk'],
        channels: ['email'],
        data: {
          year: 2022,
          period: 'Q1',
          level: 1,
          asOf: '2022-03-18',
          lateAgencies: [
            { code: 'STP', dueDate: '2022-03-16', workingDaysLate: 2 },
            { code: 'SLDTBXH', dueDate: '2022-03-16', workingDaysLate: 2 },
          ],
        },
      });
      expect(result).toMatchObject({ sent: 1, failed: [] });
      const mail = smtp.messages[0]!.parsed!;
      expect(smtp.messages[0]!.envelope.to).toEqual(['phongcchc.snv@dongthap.example']);
      expect(mail.subject).toBe('[CCHC] Danh sách 2 đơn vị chậm gửi báo cáo CCHC Quý I năm 2022');
      expect(mail.text).toContain('STP | Sở Tư pháp | 16/3/2022 | 2');
      expect(mail.html).toContain(
        `<td style="border:1px solid #bbb;padding:4px 8px;text-align:left;vertical-align:top">${SLDTBXH}</td>`,
      );

      await notifier()({
        workflowId: 'report-2022-Q1-STP',
        purpose: 'EXEMPTED',
        step: 'exempt',
        agencyCode: 'STP',
        roles: ['focal_point'],
        channels: ['email'],
        data: { year: 2022, period: 'Q1', reason: 'Sáp nhập <script>alert("x")</script> & tổ chức lại' },
      });
      const exempt = smtp.messages[1]!.parsed!;
      expect(exempt.html).toContain(
        'Sáp nhập &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; tổ chức lại',
      );
      expect(exempt.html).not.toContain('<script>');
      expect(exempt.text).toContain('Sáp nhập <script>alert("x")</script> & tổ chức lại');
    });

    it.each([
      { code: 421, stage: 'connect' as const },
      { code: 451, stage: 'rcpt' as const },
    ])(
      'retries through an SMTP server that refuses once with $code at $stage, then accepts',
      async ({ code, stage }) => {
        // A pool of its own, so the refusal meets a new connection rather than an idle one from earlier tests.
        const freshMailer = createSmtpMailer(smtp.config);
        try {
          const notify = notifier({ mailer: freshMailer });
          const input = reminder('STP', `r-refuse-${code}`);
          const key = keyOf(input, 'email', 'daumoi.stp@dongthap.example');
          smtp.refuse({ code, stage });

          await expectRetryable(notify(input), new RegExp(`SMTP ${code}`));
          expect(smtp.messages).toHaveLength(0);
          expect(await row(key)).toMatchObject({
            status: 'PENDING',
            attempts: 1,
            lastError: expect.stringContaining(`SMTP ${code}`),
          });

          // Temporal's retry runs the activity again.
          expect(await notify(input)).toMatchObject({ sent: 1, alreadySent: 0 });
          expect(await notify(input)).toMatchObject({ sent: 0, alreadySent: 1 });
          expect(smtp.refused).toEqual([`${code} at ${stage}`]);
          expect(smtp.messages).toHaveLength(1);
          expect(await row(key)).toMatchObject({ status: 'SENT', attempts: 2, lastError: null });
        } finally {
          freshMailer.close();
        }
      },
    );

    it('treats a connection refused (no server) as transient', async () => {
      const port = await freePort();
      const deadMailer = createSmtpMailer({ ...smtp.config, port });
      try {
        const input = reminder('STP', 'r-noserver');
        await expectRetryable(notifier({ mailer: deadMailer })(input), /ECONNREFUSED/);
        expect(await row(keyOf(input, 'email', 'daumoi.stp@dongthap.example'))).toMatchObject({
          status: 'PENDING',
          attempts: 1,
          lastError: expect.stringContaining('ECONNREFUSED'),
        });
      } finally {
        deadMailer.close();
      }
    });

    it('records 550 as a permanent failure, reports it without throwing, and serves the other recipients', async () => {
      const notify = notifier();
      const input: NotifyInput = {
        ...reminder('STP', 'overdue'),
        purpose: 'REPORT_OVERDUE',
        roles: ['focal_point', 'head'],
      };
      input.data = { year: 2022, period: 'Q1', dueDate: '2022-03-16', workingDaysLate: 1 };
      smtp.refuse({
        code: 550,
        stage: 'rcpt',
        to: 'thutruong.stp@dongthap.example',
        message: '5.1.1 Mailbox does not exist',
        times: Infinity,
      });

      const first = await notify(input);
      expect(first).toMatchObject({ sent: 1, alreadySent: 0, deferred: [] });
      expect(first.failed).toEqual([
        {
          channel: 'email',
          recipient: 'thutruong.stp@dongthap.example',
          error: expect.stringContaining('SMTP 550'),
        },
      ]);
      expect(await row(keyOf(input, 'email', 'thutruong.stp@dongthap.example'))).toMatchObject({
        status: 'FAILED',
        attempts: 1,
        lastError: expect.stringContaining('5.1.1 Mailbox does not exist'),
      });
      // Running again neither resends the delivered one nor retries the failed one.
      const second = await notify(input);
      expect(second).toMatchObject({ sent: 0, alreadySent: 1, failed: first.failed });
      expect(smtp.refused).toEqual(['550 at rcpt']);
      expect(smtp.messages.map((m) => m.envelope.to)).toEqual([['daumoi.stp@dongthap.example']]);
    });

    it('reports no recipients when the agency has no contact with an address', async () => {
      expect(await notifier()(reminder('SYT', 'r-3wd'))).toEqual({
        sent: 0,
        alreadySent: 0,
        deferred: [],
        failed: [],
        noRecipients: true,
      });
      expect(await db.notification.count({ where: { agencyCode: 'SYT' } })).toBe(0);
    });

    it('rejects a bad call as non-retryable, naming the field, and writes nothing', async () => {
      const notify = notifier();
      const bad = { ...reminder('STP', 'bad'), data: { year: 2022, period: 'Q1', workingDaysLeft: 3 } };
      await expect(notify(bad)).rejects.toMatchObject({
        nonRetryable: true,
        message: expect.stringContaining('data.dueDate'),
      });
      await expect(notify({ ...reminder('XYZ', 'bad') })).rejects.toMatchObject({
        nonRetryable: true,
        message: expect.stringContaining('XYZ'),
      });
      expect(
        await db.notification.count({
          where: {
            workflowId: { in: ['report-2022-Q1-STP', 'report-2022-Q1-XYZ'] },
            idempotencyKey: { contains: ':bad:' },
          },
        }),
      ).toBe(0);
    });
  });

  describe('SMS', () => {
    it('sends the SMS without diacritics through the eSMS API, once', async () => {
      const notify = notifier();
      const input = reminder('SLDTBXH', 'r-1wd', ['sms']);
      expect(await notify(input)).toMatchObject({ sent: 1, failed: [], deferred: [] });
      expect(await notify(input)).toMatchObject({ sent: 0, alreadySent: 1 });

      const delivered = gateway.delivered();
      expect(delivered).toHaveLength(1);
      const key = keyOf(input, 'sms', '0900000115');
      const body = delivered[0]!.body;
      expect(body).toEqual({
        ApiKey: 'test-api-key',
        SecretKey: 'test-secret-key',
        Phone: '0900000115',
        Content: expect.any(String),
        Brandname: 'SNV_DONGTHAP',
        SmsType: '2',
        IsUnicode: '0',
        RequestId: requestIdFor(key),
        CallbackUrl: 'https://cchc.example/sms/callback',
      });
      const content = body.Content as string;
      expect(content).toMatch(/^[\x20-\x7e]+$/);
      expect(content).toContain('So Lao dong - Thuong binh va Xa hoi: han gui bao cao CCHC Quy I nam 2022');
      expect(content).toContain('16/3/2022');
      expect(await row(key)).toMatchObject({
        status: 'SENT',
        channel: 'SMS',
        attempts: 1,
        providerId: 'esms-1',
        body: content,
      });
    });

    it('treats gateway code 124 (RequestId already taken) as sent', async () => {
      // The gateway already took this message, but the worker died before recording it.
      const input = reminder('STP', 'r-124', ['sms']);
      const key = keyOf(input, 'sms', '0900000107');
      const esms = createEsmsGateway(gateway.esmsConfig());
      await esms.send({ phone: '0900000107', content: 'lan gui truoc', requestId: requestIdFor(key) });

      expect(await notifier()(input)).toMatchObject({ sent: 1, failed: [] });
      expect(gateway.requests.map((r) => r.status)).toEqual([200, 200]);
      expect(gateway.delivered()).toHaveLength(1);
      expect(await row(key)).toMatchObject({
        status: 'SENT',
        attempts: 1,
        providerId: `duplicate:${requestIdFor(key)}`,
      });
    });

    it('defers an SMS outside working hours to the next working day 07:30, then sends it', async () => {
      const notify = notifier();
      const input = reminder('STP', 'r-quiet', ['email', 'sms']);
      const key = keyOf(input, 'sms', '0900000107');
      clock = vn('2022-04-29T20:00:00'); // Friday evening before 30/4-3/5: next working day is Wed 4/5

      const first = await notify(input);
      expect(first).toEqual({
        sent: 1, // the email goes at any hour
        alreadySent: 0,
        deferred: [{ recipient: '0900000107', until: '2022-05-04T00:30:00.000Z' }],
        failed: [],
        noRecipients: false,
      });
      expect(gateway.requests).toHaveLength(0);
      expect(await row(key)).toMatchObject({
        status: 'PENDING',
        attempts: 0,
        notBefore: vn('2022-05-04T07:30:00'),
      });

      clock = vn('2022-05-02T10:00:00'); // a holiday, in office hours: still waits
      expect(await notify(input)).toMatchObject({
        sent: 0,
        alreadySent: 1,
        deferred: [{ until: '2022-05-04T00:30:00.000Z' }],
      });
      expect(gateway.requests).toHaveLength(0);

      clock = vn('2022-05-04T07:30:00');
      expect(await notify(input)).toMatchObject({ sent: 1, alreadySent: 1, deferred: [] });
      expect(gateway.delivered()).toHaveLength(1);
      expect(await row(key)).toMatchObject({ status: 'SENT', attempts: 1, sentAt: clock });
    });

    it.each([503, 429])('retries after gateway HTTP %i', async (status) => {
      const notify = notifier();
      const input = reminder('STP', `r-${status}`, ['sms']);
      const key = keyOf(input, 'sms', '0900000107');
      gateway.reply({ status, body: { error: 'busy' } });

      await expectRetryable(notify(input), new RegExp(`gateway HTTP ${status}`));
      expect(await row(key)).toMatchObject({
        status: 'PENDING',
        attempts: 1,
        lastError: expect.stringContaining(`HTTP ${status}`),
      });
      expect(await notify(input)).toMatchObject({ sent: 1 });
      expect(gateway.delivered()).toHaveLength(1);
      expect(await row(key)).toMatchObject({ status: 'SENT', attempts: 2, lastError: null });
    });

    it.each([
      { reply: { status: 400, body: { error: 'invalid phone' } }, error: 'eSMS HTTP 400' },
      {
        reply: { status: 200, body: { CodeResult: '104', ErrorMessage: 'Brandname not exist' } },
        error: 'eSMS CodeResult 104: Brandname not exist',
      },
    ])('records a permanent failure for $error', async ({ reply, error }) => {
      const notify = notifier();
      const input = reminder('STP', `r-perm-${reply.status}`, ['sms']);
      gateway.reply(reply);
      const result = await notify(input);
      expect(result).toMatchObject({
        sent: 0,
        failed: [{ channel: 'sms', recipient: '0900000107', error: expect.stringContaining(error) }],
      });
      expect(await row(keyOf(input, 'sms', '0900000107'))).toMatchObject({ status: 'FAILED', attempts: 1 });
      expect(await notify(input)).toMatchObject({ sent: 0, failed: [{ recipient: '0900000107' }] });
      expect(gateway.requests).toHaveLength(1);
    });

    it('records an invalid phone number as failed without calling the gateway', async () => {
      const result = await notifier()(reminder('STC', 'r-3wd', ['sms']));
      expect(result.failed).toEqual([
        { channel: 'sms', recipient: '12345', error: 'số điện thoại không hợp lệ: 12345' },
      ]);
      expect(gateway.requests).toHaveLength(0);
      expect(await row(keyOf(reminder('STC', 'r-3wd'), 'sms', '12345'))).toMatchObject({
        status: 'FAILED',
        attempts: 0,
      });
    });

    it('posts to a generic webhook with a bearer token; 409 counts as already delivered', async () => {
      const notify = notifier({ sms: createWebhookGateway(gateway.webhookConfig('s3cret')) });
      const input = { ...reminder('STP', 'r-webhook', ['sms']), roles: ['snv_director' as const] };
      expect(await notify(input)).toMatchObject({ sent: 1 });
      const [request] = gateway.delivered();
      const key = keyOf(input, 'sms', '0900000104');
      expect(request!.headers.authorization).toBe('Bearer s3cret');
      expect(request!.body).toEqual({
        to: '+84900000104',
        text: expect.stringMatching(/^So Tu phap: han gui/),
        requestId: requestIdFor(key),
      });
      expect(await row(key)).toMatchObject({ status: 'SENT', providerId: 'wh-1' });

      gateway.reply({ status: 409, path: '/webhook' });
      expect(await notify({ ...input, step: 'r-webhook-dup' })).toMatchObject({ sent: 1, failed: [] });
    });

    it('captures SMS in development: logged and stored, nothing sent', async () => {
      const lines: string[] = [];
      const notify = notifier({ sms: createCaptureGateway((l) => lines.push(l)) });
      const input = reminder('STP', 'r-capture', ['sms']);
      expect(await notify(input)).toMatchObject({ sent: 1 });
      const stored = await row(keyOf(input, 'sms', '0900000107'));
      expect(stored).toMatchObject({ status: 'SENT', providerId: 'capture' });
      expect(lines).toEqual([expect.stringContaining(`to 0900000107`)]);
      expect(lines[0]).toContain(stored.body!);
      expect(gateway.requests).toHaveLength(0);
    });
  });
});

describe('classifySmtpError', () => {
  const smtpError = (fields: object) => Object.assign(new Error('failed'), fields);
  it.each([
    [{ code: 'EENVELOPE', responseCode: 550, command: 'RCPT TO', response: '550 5.1.1 no such user' }, true],
    [{ code: 'EMESSAGE', responseCode: 552, command: 'DATA', response: '552 message too big' }, true],
    [{ code: 'EENVELOPE', command: 'API' }, true], // nodemailer refused the address before sending
    [{ code: 'EMESSAGE', command: 'MAIL FROM' }, true], // larger than the server's SIZE
    [{ code: 'EENVELOPE', responseCode: 451, command: 'RCPT TO', response: '451 try later' }, false],
    [{ code: 'EPROTOCOL', responseCode: 421, command: 'CONN', response: '421 busy' }, false],
    [{ code: 'EPROTOCOL', responseCode: 554, command: 'CONN', response: '554 no service for you' }, false],
    [{ code: 'EAUTH', responseCode: 535, command: 'AUTH PLAIN', response: '535 bad credentials' }, false],
    [{ code: 'ESOCKET' }, false],
    [{ code: 'ETIMEDOUT' }, false],
    [{ code: 'ECONNECTION' }, false],
  ])('%j → permanent %s', (fields, permanent) => {
    expect(classifySmtpError(smtpError(fields)).permanent).toBe(permanent);
  });

  it("says the code, the command and the server's words", () => {
    const err = smtpError({
      code: 'EENVELOPE',
      responseCode: 550,
      command: 'RCPT TO',
      response: '550 5.1.1 no such user',
    });
    expect(classifySmtpError(err).message).toBe('SMTP 550 (RCPT TO): 5.1.1 no such user');
  });
});
