import {
  createCaptureTransport,
  createSmsChannel,
  createWebhookTransport,
  messageIdFor,
  requestIdFor,
} from '../../activities/channels';
import type { NotifyInput } from '../../activities/notifications';
import type { Db } from '../../config/connections';
import { freshDatabase } from '../support/db';
import {
  SLDTBXH,
  empty,
  expectRetryable,
  keyOf,
  notifier,
  reminder,
  seedContacts,
  testChannels,
  vn,
} from '../support/notify-fixture';
import { startSmsGateway, type TestSmsGateway } from '../support/sms-gateway';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp';

// notify against a real PostgreSQL, a real SMTP server and a local HTTP SMS gateway: the outbox,
// content, windows and usefulness. Faults and leases: notifications-faults.test.ts.

describe('notify: email and SMS with an outbox', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let db: Db;
  let smtp: TestSmtpServer;
  let gateway: TestSmsGateway;
  let channels: ReturnType<typeof testChannels>;
  let clock: Date;

  beforeAll(async () => {
    database = await freshDatabase();
    db = database.db;
    [smtp, gateway] = await Promise.all([startSmtpServer(), startSmsGateway()]);
    channels = testChannels(smtp, gateway);
    await seedContacts(db);
  });
  afterAll(async () => {
    await channels?.email.close();
    await smtp?.close();
    await gateway?.close();
    await database?.drop();
  });
  beforeEach(() => {
    smtp.reset();
    gateway.reset();
    clock = vn('2022-03-14T09:00:00'); // Monday, working hours
  });

  const notify = (input: NotifyInput, extra: Parameters<typeof notifier>[2] = {}) =>
    notifier(db, () => clock, { ...channels, ...extra })(input);
  const row = (key: string) => db.notification.findUniqueOrThrow({ where: { idempotencyKey: key } });
  const contactId = async (email: string) => (await db.contact.findFirstOrThrow({ where: { email } })).id;

  describe('email', () => {
    it('sends one email per key even when the same activity runs twice', async () => {
      const input = reminder('STP', 'r-3wd');
      expect(await notify(input)).toEqual({ ...empty, sent: 1 });
      expect(await notify(input)).toEqual({ ...empty, alreadySent: 1 });

      expect(smtp.messages).toHaveLength(1);
      const key = keyOf(input, 'email', 'daumoi.stp@dongthap.example');
      expect(smtp.messages[0]!.envelope.to).toEqual(['daumoi.stp@dongthap.example']);
      expect(smtp.messages[0]!.parsed!.messageId).toBe(messageIdFor(key));
      expect(await row(key)).toMatchObject({
        status: 'SENT',
        attempts: 1,
        channel: 'EMAIL',
        agencyCode: 'STP',
        providerId: messageIdFor(key),
        sentAt: clock,
        lastError: null,
        possibleDuplicate: false,
      });
      // The inactive former focal point gets nothing.
      expect(await db.notification.count({ where: { recipient: 'daumoi.cu.stp@dongthap.example' } })).toBe(0);
    });

    it('sends once when two runs of the same activity overlap', async () => {
      const input = reminder('STP', 'r-overlap');
      const results = await Promise.allSettled([notify(input), notify(input)]);
      expect(smtp.messages).toHaveLength(1);
      expect((await row(keyOf(input, 'email', 'daumoi.stp@dongthap.example'))).attempts).toBe(1);
      for (const r of results.filter((x) => x.status === 'rejected'))
        expect((r as PromiseRejectedResult).reason).toMatchObject({ nonRetryable: false });
      expect(await notify(input)).toMatchObject({ sent: 0, alreadySent: 1 });
      expect(smtp.messages).toHaveLength(1);
    });

    it('delivers Vietnamese subject, plain text and HTML to the focal point', async () => {
      await notify(reminder('SLDTBXH', 'r-3wd'));
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
      expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
      const stored = await row(
        keyOf(reminder('SLDTBXH', 'r-3wd'), 'email', 'daumoi.sldtbxh@dongthap.example'),
      );
      expect(stored.subject).toBe(mail.subject);
      expect(stored.body).toBe(mail.text);
    });

    it('escalates to Sở Nội vụ with the late agencies named from the database, values escaped', async () => {
      const result = await notify({
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

      await notify({
        ...reminder('STP', 'exempt'),
        purpose: 'EXEMPTED',
        data: { year: 2022, period: 'Q1', reason: 'Sáp nhập <script>alert("x")</script> & tổ chức lại' },
      });
      const exempt = smtp.messages[1]!.parsed!;
      expect(exempt.html).toContain(
        'Sáp nhập &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; tổ chức lại',
      );
      expect(exempt.html).not.toContain('<script>');
    });

    it('records 550 as permanent for that recipient, names it by contact id, serves the others', async () => {
      const input: NotifyInput = {
        ...reminder('STP', 'overdue'),
        purpose: 'REPORT_OVERDUE',
        roles: ['focal_point', 'head'],
        data: { year: 2022, period: 'Q1', dueDate: '2022-03-16', workingDaysLate: 1 },
      };
      const head = 'thutruong.stp@dongthap.example';
      smtp.refuse({
        code: 550,
        stage: 'rcpt',
        to: head,
        message: `5.1.1 <${head}>: Mailbox does not exist`,
        times: Infinity,
      });

      const first = await notify(input);
      expect(first).toMatchObject({ sent: 1, alreadySent: 0, deferred: [] });
      expect(first.failed).toEqual([
        { channel: 'email', contactId: await contactId(head), error: expect.stringContaining('SMTP 550') },
      ]);
      expect(first.failed[0]!.error).not.toContain('@');
      expect(await row(keyOf(input, 'email', head))).toMatchObject({
        status: 'FAILED',
        attempts: 1,
        lastError: expect.stringContaining('5.1.1 <[email]>: Mailbox does not exist'),
      });
      // Running again neither resends the delivered one nor retries the failed one.
      expect(await notify(input)).toMatchObject({ sent: 0, alreadySent: 1, failed: first.failed });
      expect(smtp.refused).toEqual(['550 at rcpt']);
      expect(smtp.messages.map((m) => m.envelope.to)).toEqual([['daumoi.stp@dongthap.example']]);
    });

    it('reports no recipients when the agency has no contact with an address', async () => {
      expect(await notify(reminder('SYT', 'r-3wd'))).toEqual({ ...empty, noRecipients: true });
      expect(await db.notification.count({ where: { agencyCode: 'SYT' } })).toBe(0);
    });

    it('rejects a bad call as non-retryable, naming the field, and writes nothing', async () => {
      const bad = { ...reminder('STP', 'bad'), data: { year: 2022, period: 'Q1', workingDaysLeft: 3 } };
      await expect(notify(bad)).rejects.toMatchObject({
        nonRetryable: true,
        message: expect.stringContaining('data.dueDate'),
      });
      await expect(notify(reminder('XYZ', 'bad'))).rejects.toMatchObject({
        nonRetryable: true,
        message: expect.stringContaining('XYZ'),
      });
      const window = { ...reminder('STP', 'bad'), smsWindow: { start: '17:30', end: '07:30' } };
      await expect(notify(window)).rejects.toMatchObject({
        nonRetryable: true,
        message: expect.stringContaining('smsWindow.end'),
      });
      expect(await db.notification.count({ where: { idempotencyKey: { contains: ':bad:' } } })).toBe(0);
    });

    it('records a message no longer useful as SKIPPED and sends nothing', async () => {
      const input = { ...reminder('STP', 'r-late'), usefulUntil: clock.getTime() - 1 };
      expect(await notify(input)).toEqual({ ...empty, skipped: 1 });
      expect(smtp.received).toHaveLength(0);
      expect(await row(keyOf(input, 'email', 'daumoi.stp@dongthap.example'))).toMatchObject({
        status: 'SKIPPED',
        attempts: 0,
        lastError: expect.stringContaining('quá thời hạn hữu ích'),
      });
      expect(await notify(input)).toEqual({ ...empty, skipped: 1 });
    });

    it('skips on retry once a failing delivery has outlived its usefulness, keeping the reason', async () => {
      const input = { ...reminder('STP', 'r-outlived'), usefulUntil: clock.getTime() + 60_000 };
      smtp.refuse({ code: 421, stage: 'rcpt' });
      await expectRetryable(notify(input), /SMTP 421/);
      clock = new Date(clock.getTime() + 120_000);
      expect(await notify(input)).toEqual({ ...empty, skipped: 1 });
      expect((await row(keyOf(input, 'email', 'daumoi.stp@dongthap.example'))).lastError).toMatch(
        /quá thời hạn hữu ích.*lỗi trước: SMTP 421/,
      );
      expect(smtp.received).toHaveLength(0);
    });
  });

  describe('SMS', () => {
    it('sends the SMS without diacritics through the eSMS API, once', async () => {
      const input = reminder('SLDTBXH', 'r-1wd', ['sms']);
      expect(await notify(input)).toMatchObject({ sent: 1, failed: [], deferred: [] });
      expect(await notify(input)).toMatchObject({ sent: 0, alreadySent: 1 });
      const delivered = gateway.delivered();
      expect(delivered).toHaveLength(1);
      const key = keyOf(input, 'sms', '0900000115');
      expect(delivered[0]!.body).toMatchObject({
        Phone: '0900000115',
        Brandname: 'SNV_DONGTHAP',
        IsUnicode: '0',
        RequestId: requestIdFor(key),
      });
      const content = delivered[0]!.body.Content as string;
      expect(content).toMatch(/^[\x20-\x7e]+$/);
      expect(content).toContain('So Lao dong - Thuong binh va Xa hoi: han gui bao cao CCHC Quy I nam 2022');
      expect(await row(key)).toMatchObject({
        status: 'SENT',
        channel: 'SMS',
        attempts: 1,
        providerId: 'esms-1',
        body: content,
      });
    });

    it('defers an SMS outside the default window to the next working day 07:30, then sends it', async () => {
      const input = reminder('STP', 'r-quiet', ['email', 'sms']);
      const key = keyOf(input, 'sms', '0900000107');
      clock = vn('2022-04-29T20:00:00'); // Friday evening before 30/4-3/5: next working day is Wed 4/5
      const phoneId = (await db.contact.findFirstOrThrow({ where: { phone: '0900000107' } })).id;
      expect(await notify(input)).toEqual({
        ...empty,
        sent: 1, // the email goes at any hour
        deferred: [{ channel: 'sms', contactId: phoneId, until: '2022-05-04T00:30:00.000Z' }],
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
      clock = vn('2022-05-04T07:30:00');
      expect(await notify(input)).toMatchObject({ sent: 1, alreadySent: 1, deferred: [] });
      expect(await row(key)).toMatchObject({ status: 'SENT', attempts: 1, sentAt: clock });
    });

    it("uses the policy's SMS window that travels with the message, not the built-in one", async () => {
      const smsWindow = { start: '08:00', end: '11:00' };
      clock = vn('2022-03-14T10:30:00');
      expect(await notify({ ...reminder('STP', 'w-in', ['sms']), smsWindow })).toMatchObject({ sent: 1 });
      clock = vn('2022-03-14T11:30:00'); // inside 07:30-17:30, outside the policy's window
      const later = await notify({ ...reminder('STP', 'w-out', ['sms']), smsWindow });
      expect(later).toMatchObject({
        sent: 0,
        deferred: [{ channel: 'sms', until: vn('2022-03-15T08:00:00').toISOString() }],
      });
      clock = vn('2022-03-14T07:45:00'); // inside the built-in window, before the policy's
      expect(await notify({ ...reminder('STP', 'w-early', ['sms']), smsWindow })).toMatchObject({
        deferred: [{ until: vn('2022-03-14T08:00:00').toISOString() }],
      });
      expect(gateway.delivered()).toHaveLength(1);
    });

    it('skips an SMS the window would defer past its usefulness', async () => {
      clock = vn('2022-03-14T20:00:00');
      const input = {
        ...reminder('STP', 'r-night', ['email', 'sms']),
        usefulUntil: vn('2022-03-14T23:59:59').getTime(),
      };
      expect(await notify(input)).toEqual({ ...empty, sent: 1, skipped: 1 });
      expect(await row(keyOf(input, 'sms', '0900000107'))).toMatchObject({
        status: 'SKIPPED',
        notBefore: null,
      });
      expect(gateway.requests).toHaveLength(0);
    });

    it.each([503, 429])('retries after gateway HTTP %i', async (status) => {
      const input = reminder('STP', `r-${status}`, ['sms']);
      const key = keyOf(input, 'sms', '0900000107');
      gateway.reply({ status, body: { error: 'busy for 0900000107' } });
      const err = await expectRetryable(notify(input), new RegExp(`gateway HTTP ${status}`));
      expect(err.message).not.toContain('0900000107');
      expect(await row(key)).toMatchObject({ status: 'PENDING', attempts: 1, claimedUntil: null });
      expect(await notify(input)).toMatchObject({ sent: 1 });
      expect(await row(key)).toMatchObject({ status: 'SENT', attempts: 2, lastError: null });
    });

    it('records HTTP 400 as permanent, and a brandname refusal as a configuration failure retried with backoff', async () => {
      gateway.reply({ status: 400, body: { error: 'invalid phone 0900000107' } });
      const bad = await notify(reminder('STP', 'r-400', ['sms']));
      expect(bad.failed).toEqual([
        {
          channel: 'sms',
          contactId: expect.any(Number),
          error: expect.stringMatching(/eSMS HTTP 400.*\[số điện thoại\]/),
        },
      ]);

      gateway.reply({ status: 200, body: { CodeResult: '104', ErrorMessage: 'Brandname not exist' } });
      const input = reminder('STP', 'r-104', ['sms']);
      const err = await expectRetryable(notify(input), /cấu hình SMS_BRANDNAME/);
      expect(err.type).toBe('NotificationConfiguration');
      expect(await row(keyOf(input, 'sms', '0900000107'))).toMatchObject({
        status: 'PENDING',
        lastError: expect.stringContaining('104'),
      });
      expect(await notify(input)).toMatchObject({ sent: 1 });
    });

    it('records an invalid phone number as failed without calling the gateway', async () => {
      const result = await notify(reminder('STC', 'r-3wd', ['sms']));
      expect(result.failed).toEqual([
        {
          channel: 'sms',
          contactId: expect.any(Number),
          error: expect.stringMatching(/^số điện thoại không hợp lệ \(liên hệ #\d+\)$/),
        },
      ]);
      expect(gateway.requests).toHaveLength(0);
      expect(await row(keyOf(reminder('STC', 'r-3wd'), 'sms', '12345'))).toMatchObject({
        status: 'FAILED',
        attempts: 0,
      });
    });

    it('posts to a generic webhook with a bearer token; 409 counts as already delivered', async () => {
      const sms = createSmsChannel(createWebhookTransport(gateway.webhookConfig('s3cret')));
      const input = { ...reminder('STP', 'r-webhook', ['sms']), roles: ['snv_director' as const] };
      expect(await notify(input, { sms })).toMatchObject({ sent: 1 });
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
      expect(await notify({ ...input, step: 'r-webhook-dup' }, { sms })).toMatchObject({
        sent: 1,
        failed: [],
      });
    });

    it('captures SMS in development: logged by contact id, stored, nothing sent', async () => {
      const lines: string[] = [];
      const sms = createSmsChannel(createCaptureTransport((l) => lines.push(l)));
      const input = reminder('STP', 'r-capture', ['sms']);
      expect(await notify(input, { sms })).toMatchObject({ sent: 1 });
      const stored = await row(keyOf(input, 'sms', '0900000107'));
      expect(stored).toMatchObject({ status: 'SENT', providerId: 'capture' });
      expect(lines).toEqual([`[sms capture] to contact #${stored.contactId}: ${stored.body}`]);
      expect(gateway.requests).toHaveLength(0);
    });
  });
});
