import { MockActivityEnvironment } from '@temporalio/testing';
import type { Logger } from '@temporalio/common';
import {
  channelRegistryOf,
  createCaptureTransport,
  createEmailChannel,
  createEsmsTransport,
  createSmsChannel,
  createWebhookTransport,
  type Channel,
  type ChannelContact,
} from '../../activities/channels';
import {
  createNotificationActivities,
  type NotificationDeps,
  type NotifyInput,
} from '../../activities/notifications';
import type { Outbox } from '../../activities/notify/outbox';
import { createWorkingCalendar } from '../../domain/calendar';
import { memoryDirectory, memoryOutbox } from '../support/memory-outbox';
import { reminderData } from '../support/report-payloads';

// Histories and logs name contacts by id or role only. Every failure path of the notify activity
// runs here with providers that quote addresses and numbers in their errors (as relays and
// gateways do); no thrown error (message, stack, cause), result or log line may carry one.

const CONTACTS: ChannelContact[] = [
  { id: 1, name: 'Đầu mối CCHC STP', email: 'daumoi.stp@dongthap.example', phone: '0900000107' },
  { id: 2, name: 'Thủ trưởng STP', email: 'thutruong.stp@dongthap.example', phone: '+84 900 000 108' },
  { id: 3, name: 'Liên hệ sai', email: 'sai@dia-chi', phone: '0123' },
];
const KNOWN = [
  'daumoi.stp',
  'thutruong.stp',
  'sai@dia-chi',
  '0900000107',
  '900 000 108',
  '84900000108',
  'cchc@snv',
];
const EMAIL = /[\w.+-]+@[\w-]+(\.[\w-]+)*/;
const PHONE = /(?<!\d)(?:\+?84|0)[\s.]?\d{2,3}[\s.]?\d{3}[\s.]?\d{3,4}(?!\d)/;

/** What of `text` looks like contact details. */
function leaks(text: string): string[] {
  return [EMAIL.exec(text)?.[0], PHONE.exec(text)?.[0], ...KNOWN.filter((k) => text.includes(k))].filter(
    (x): x is string => Boolean(x),
  );
}

function errorText(err: unknown): string {
  const parts: string[] = [];
  for (
    let e = err as { message?: string; stack?: string; cause?: unknown; details?: unknown } | undefined;
    e;
    e = e.cause as typeof e
  ) {
    parts.push(String(e.message), String(e.stack), JSON.stringify(e.details ?? null));
  }
  return parts.join('\n');
}

const smtpSettings = {
  host: '127.0.0.1',
  port: 1,
  secure: false,
  poolSize: 1,
  from: '"SNV" <cchc@snv.dongthap.example>',
};
/** An email channel whose relay answers with `fail(address)` (nodemailer-shaped errors). */
function emailFailing(fail: (address: string) => object | null): Channel {
  const real = createEmailChannel(smtpSettings);
  return {
    ...real,
    send: (message) => {
      const err = fail(message.address);
      return err
        ? Promise.reject(Object.assign(new Error(String((err as { message?: string }).message)), err))
        : Promise.resolve({ providerId: '<id@x>' });
    },
  };
}

/** Replies the fake gateway gives, in order. */
function fakeGateway(replies: { status: number; body: string }[]) {
  return jest.spyOn(globalThis, 'fetch').mockImplementation(() => {
    const next = replies.shift() ?? { status: 200, body: '{"CodeResult":"100","SMSID":"1"}' };
    return Promise.resolve(new Response(next.body, { status: next.status }));
  });
}

const input = (channels: NotifyInput['channels'], step: string): NotifyInput => ({
  workflowId: 'report-CCHC-2022-Q1-STP',
  purpose: 'REPORT_REMINDER',
  step,
  agencyCode: 'STP',
  roles: ['focal_point', 'head'],
  channels,
  data: reminderData(2022, 'Q1', '2022-03-16'),
});

describe('no contact details leave the notify activity', () => {
  const seen: string[] = [];
  const logger: Logger = {
    log: (level, message, meta) => seen.push(`${level} ${message} ${JSON.stringify(meta ?? {})}`),
    trace: (m, meta) => logger.log('TRACE', m, meta),
    debug: (m, meta) => logger.log('DEBUG', m, meta),
    info: (m, meta) => logger.log('INFO', m, meta),
    warn: (m, meta) => logger.log('WARN', m, meta),
    error: (m, meta) => logger.log('ERROR', m, meta),
  };
  const now = new Date('2022-03-14T09:00:00+07:00');

  async function run(
    channels: { email?: Channel; sms?: Channel },
    call: NotifyInput,
    deps: Partial<NotificationDeps> = {},
    cancelAfterMs?: number,
  ) {
    const env = new MockActivityEnvironment({ heartbeatTimeoutMs: 10_000 }, { logger });
    const notify = createNotificationActivities({
      db: undefined as never,
      now: () => now,
      config: { timeZone: 'Asia/Ho_Chi_Minh' },
      channels: channelRegistryOf(channels),
      calendar: createWorkingCalendar(),
      outbox: memoryOutbox(),
      directory: memoryDirectory('STP', 'Sở Tư pháp', CONTACTS),
      timing: { leaseWaitMs: 0, recordGraceMs: 50 },
      ...deps,
    }).notify;
    if (cancelAfterMs !== undefined) setTimeout(() => env.cancel('TIMED_OUT'), cancelAfterMs);
    const outcome = await (env.run(notify, call) as Promise<unknown>).then(
      (result) => ({ result }),
      (error: unknown) => ({ error }),
    );
    seen.push('error' in outcome ? errorText(outcome.error) : JSON.stringify(outcome.result));
    return outcome;
  }

  afterEach(() => jest.restoreAllMocks());
  afterAll(() => {
    expect(seen.length).toBeGreaterThan(10);
    expect(seen.flatMap(leaks)).toEqual([]);
  });

  it('email: 550 quoting the mailbox, 421, bad credentials, a reply that never came', async () => {
    const rejected = (a: string) => ({
      code: 'EENVELOPE',
      responseCode: 550,
      command: 'RCPT TO',
      message: `Can't send mail - all recipients were rejected: 550 5.1.1 <${a}>: Recipient address rejected`,
      response: `550 5.1.1 <${a}>: Recipient address rejected`,
    });
    expect(
      await run(
        { email: emailFailing((a) => (a.startsWith('thu') ? rejected(a) : null)) },
        input(['email'], 'e550'),
      ),
    ).toMatchObject({ result: { sent: 1, failed: [{ contactId: 2 }, { contactId: 3 }] } });
    const busy = (a: string) => ({
      code: 'EENVELOPE',
      responseCode: 421,
      command: 'RCPT TO',
      response: `421 4.7.0 <${a}> try again later`,
    });
    expect(await run({ email: emailFailing(busy) }, input(['email'], 'e421'))).toMatchObject({
      error: { type: 'NotificationDeliveryRetry' },
    });
    const auth = () => ({
      code: 'EAUTH',
      responseCode: 535,
      command: 'AUTH PLAIN',
      message: 'Invalid login: 535 5.7.8 cchc@snv.dongthap.example: authentication failed',
    });
    expect(await run({ email: emailFailing(auth) }, input(['email'], 'e535'))).toMatchObject({
      error: { type: 'NotificationConfiguration' },
    });
    const silent = (a: string) => ({
      code: 'ECONNECTION',
      command: 'CONN',
      message: `Connection closed unexpectedly while sending to ${a}`,
      contentSent: true,
    });
    expect(await run({ email: emailFailing(silent) }, input(['email'], 'edrop'))).toMatchObject({
      result: { uncertain: [{ contactId: 1 }, { contactId: 2 }] },
    });
    expect(seen.some((l) => l.startsWith('ERROR notify: channel settings unusable, check SMTP_USER'))).toBe(
      true,
    );
  });

  it('SMS: eSMS and webhook refusals that echo the number, and the development capture', async () => {
    const esms = createSmsChannel(
      createEsmsTransport({
        url: 'http://gw.example/esms',
        apiKey: 'k',
        secretKey: 's',
        brandname: 'B',
        smsType: '2',
      }),
    );
    fakeGateway([
      { status: 400, body: '{"error":"Phone 0900000107 is not valid"}' },
      { status: 503, body: 'busy: 84900000108 queued' },
    ]);
    expect(await run({ sms: esms }, input(['sms'], 's1'))).toMatchObject({
      error: { type: 'NotificationDeliveryRetry' },
    });
    fakeGateway([
      { status: 200, body: '{"CodeResult":"101","ErrorMessage":"Sai ApiKey cho 0900000107"}' },
      { status: 200, body: '{"CodeResult":"789","ErrorMessage":"So +84 900 000 108 bi chan"}' },
    ]);
    expect(await run({ sms: esms }, input(['sms'], 's2'))).toMatchObject({
      error: { type: 'NotificationConfiguration' },
    });
    const webhook = createSmsChannel(createWebhookTransport({ url: 'http://gw.example/hook', token: 't' }));
    fakeGateway([
      { status: 403, body: 'token not valid for +84900000107' },
      { status: 422, body: '{"to":"+84900000108","error":"blocked"}' },
    ]);
    expect(await run({ sms: webhook }, input(['sms'], 's3'))).toMatchObject({
      error: { type: 'NotificationConfiguration' },
    });
    jest
      .spyOn(globalThis, 'fetch')
      .mockRejectedValue(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }));
    expect(await run({ sms: esms }, input(['sms'], 's4'))).toMatchObject({
      error: { message: expect.stringContaining('ECONNREFUSED') },
    });
    const capture = createSmsChannel(createCaptureTransport((line) => seen.push(line)));
    expect(await run({ sms: capture }, input(['sms'], 's5'))).toMatchObject({
      result: { sent: 2, failed: [{ contactId: 3 }] },
    });
  });

  it('unusable addresses, a database error quoting a query, records that fail, a cancelled attempt', async () => {
    const ok = emailFailing(() => null);
    expect(await run({ email: ok }, input(['email'], 'u1'))).toMatchObject({
      result: { failed: [{ contactId: 3, error: 'địa chỉ email không hợp lệ (liên hệ #3)' }] },
    });
    const prismaError = new Error(
      '\nInvalid `db.contact.findMany()` invocation:\n{ where: { email: "daumoi.stp@dongthap.example" } }\n\nCan\'t reach database server at 10.0.0.5:5432 for 0900000107',
    );
    const broken = {
      recipients: () => Promise.reject(prismaError),
      agencyNames: () => Promise.resolve(new Map()),
    };
    expect(await run({ email: ok }, input(['email'], 'u2'), { directory: broken })).toMatchObject({
      error: { type: 'NotificationInfrastructure' },
    });
    const failing = (which: keyof Outbox): Outbox => ({
      ...memoryOutbox(),
      [which]: () => Promise.reject(new Error('update failed for daumoi.stp@dongthap.example / 0900000107')),
    });
    const busy = emailFailing((a) => ({
      code: 'EENVELOPE',
      responseCode: 451,
      command: 'RCPT TO',
      response: `451 <${a}> later`,
    }));
    expect(
      await run({ email: busy }, input(['email'], 'u3'), { outbox: failing('recordFailure') }),
    ).toMatchObject({ error: { type: 'NotificationDeliveryRetry' } });
    expect(
      await run({ email: ok }, input(['email'], 'u4'), { outbox: failing('recordSent') }, 200),
    ).toMatchObject({ error: { name: 'CancelledFailure' } });
    expect(seen.some((l) => l.includes('accepted delivery not recorded yet'))).toBe(true);
  });

  it('the check itself finds what it must', () => {
    expect(leaks('550 <daumoi.stp@dongthap.example> rejected')).not.toEqual([]);
    expect(leaks('gateway: +84 900 000 108 blocked')).not.toEqual([]);
    expect(leaks('x@y rejected')).not.toEqual([]);
    expect(leaks('SMTP 550 (RCPT TO): 5.1.1 <[email]>: Recipient address rejected; liên hệ #2')).toEqual([]);
  });
});
