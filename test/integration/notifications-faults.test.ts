import { CancelledFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createEmailChannel, requestIdFor } from '../../activities/channels';
import type { NotifyInput, NotifyResult } from '../../activities/notifications';
import { createPgMarker } from '../../activities/notify/marker';
import { createPrismaOutbox, type Outbox } from '../../activities/notify/outbox';
import { empty, expectRetryable, keyOf, notifier, notifyWorld, reminder } from '../support/notify-fixture';

// The send window under faults, against real servers: leases held by heartbeats, cancelled
// attempts that stop before sending, acceptances recorded even through database errors, crashed
// attempts detected on retry, and relays that never answer after DATA. Counted by Message-ID and
// RequestId at the receiving end.

const STP_EMAIL = 'daumoi.stp@dongthap.example';
const STP_PHONE = '0900000107';

/** The outbox, with the connection that marks a transmission held until `release()`; `marking` resolves when it is asked for. */
function holdingTheMark(real: Outbox) {
  let release!: () => void;
  let reached!: () => void;
  const marking = new Promise<void>((resolve) => (reached = resolve));
  const held: Outbox = {
    ...real,
    markSlot: (signal) => {
      reached();
      return new Promise<void>((resolve) => (release = resolve)).then(() => real.markSlot(signal));
    },
  };
  return { held, marking, release: () => release() };
}

describe('notify under faults', () => {
  const w = notifyWorld({ parse: false });
  const emailKey = (input: NotifyInput) => keyOf(input, 'email', STP_EMAIL);
  /** A pool of one connection, so messages queue behind each other. */
  const singleConnection = () => {
    const email = createEmailChannel({ ...w.smtp.config, poolSize: 1 });
    w.opened.push(email);
    return email;
  };
  /** notify as the worker runs it: in an activity context that heartbeats and can be cancelled. */
  function inActivity(
    input: NotifyInput,
    opts: Parameters<typeof notifier>[3] = {},
    email = w.channels.email,
    startToCloseTimeoutMs = 120_000, // notify's own (notifyOptions)
  ) {
    const env = new MockActivityEnvironment({ heartbeatTimeoutMs: 10_000, startToCloseTimeoutMs });
    let heartbeats = 0;
    env.on('heartbeat', () => (heartbeats += 1));
    const notify = notifier(w.db, () => w.clock, { email, sms: w.channels.sms }, opts);
    const run = env.run(notify, input) as Promise<NotifyResult>;
    return { env, run, heartbeats: () => heartbeats };
  }

  it.each([
    { code: 421, stage: 'connect' as const },
    { code: 451, stage: 'rcpt' as const },
  ])(
    'retries through a relay that refuses once with $code at $stage, then accepts',
    async ({ code, stage }) => {
      const input = reminder('STP', `f-refuse-${code}`);
      // A pool of its own, so the refusal meets a new connection rather than an idle one.
      const email = singleConnection();
      w.smtp.refuse({ code, stage });
      await expectRetryable(notifier(w.db, () => w.clock, { email })(input), new RegExp(`SMTP ${code}`));
      expect(await w.row(emailKey(input))).toMatchObject({
        status: 'PENDING',
        attempts: 1,
        claimedUntil: null,
      });
      expect(await notifier(w.db, () => w.clock, { email })(input)).toMatchObject({ sent: 1 });
      expect(await w.row(emailKey(input))).toMatchObject({ status: 'SENT', attempts: 2, lastError: null });
      expect(w.smtp.refused).toEqual([`${code} at ${stage}`]);
    },
  );

  it('a relay closing its idle connections does not fail the next message', async () => {
    const email = singleConnection();
    expect(await notifier(w.db, () => w.clock, { email })(reminder('STP', 'f-idle-1'))).toMatchObject({
      sent: 1,
    });
    w.smtp.dropIdleConnections();
    expect(await notifier(w.db, () => w.clock, { email })(reminder('STP', 'f-idle-2'))).toMatchObject({
      sent: 1,
    });
    expect(w.smtp.received).toHaveLength(2);
  });

  it('records UNCERTAIN, and does not resend, an email the relay received whole but never answered', async () => {
    const input = reminder('STP', 'f-drop');
    w.smtp.fault({ kind: 'drop' });
    const contactId = (await w.db.contact.findFirstOrThrow({ where: { email: STP_EMAIL } })).id;
    expect(await notifier(w.db, () => w.clock, w.channels)(input)).toEqual({
      ...empty,
      uncertain: [{ channel: 'email', contactId }],
    });
    expect(await w.row(emailKey(input))).toMatchObject({
      status: 'UNCERTAIN',
      attempts: 1,
      lastError: expect.stringContaining('không trả lời'),
    });
    expect(await notifier(w.db, () => w.clock, w.channels)(input)).toMatchObject({
      sent: 0,
      uncertain: [{ contactId }],
    });
    expect(w.smtp.refused).toEqual(['drop at data']);
    expect([...w.smtp.deliveries().values()]).toEqual([1]);
  });

  it('resends an email whose attempt died before its transmission was marked; an SMS is deduplicated by RequestId', async () => {
    const input = reminder('STP', 'f-crash', ['email', 'sms']);
    const base = {
      purpose: input.purpose,
      workflowId: input.workflowId,
      agencyCode: 'STP',
      attempts: 1,
      claimedUntil: new Date(w.clock.getTime() - 1),
    };
    await w.db.notification.createMany({
      data: [
        { ...base, idempotencyKey: emailKey(input), channel: 'EMAIL', recipient: STP_EMAIL },
        { ...base, idempotencyKey: keyOf(input, 'sms', STP_PHONE), channel: 'SMS', recipient: STP_PHONE },
      ],
    });
    // The dead attempt's SMS had reached the gateway; its email had not begun to go out.
    await w.channels.sms.send(
      {
        contactId: 0,
        contactName: '',
        address: STP_PHONE,
        content: { body: 'lan truoc' },
        idempotencyKey: keyOf(input, 'sms', STP_PHONE),
      },
      { mayTransmit: () => true },
    );
    expect(await notifier(w.db, () => w.clock, w.channels)(input)).toMatchObject({ sent: 2 });
    expect(await w.row(emailKey(input))).toMatchObject({
      status: 'SENT',
      attempts: 2,
      possibleDuplicate: false,
    });
    expect(await w.row(keyOf(input, 'sms', STP_PHONE))).toMatchObject({
      status: 'SENT',
      attempts: 2,
      possibleDuplicate: false,
    });
    expect(w.smtp.received).toHaveLength(1);
    expect(w.gateway.requests.map((r) => r.status)).toEqual([200, 200]);
    expect([...w.gateway.deliveries()]).toEqual([[requestIdFor(keyOf(input, 'sms', STP_PHONE)), 1]]);
  });

  it('records UNCERTAIN, and does not resend, an email whose attempt died after its transmission was marked', async () => {
    const input = reminder('STP', 'f-crash-content');
    await w.db.notification.create({
      data: {
        idempotencyKey: emailKey(input),
        channel: 'EMAIL',
        purpose: input.purpose,
        workflowId: input.workflowId,
        agencyCode: 'STP',
        recipient: STP_EMAIL,
        attempts: 1,
        claimedUntil: new Date(w.clock.getTime() - 1),
        transmittedAt: new Date(w.clock.getTime() - 2_000),
      },
    });
    const contactId = (await w.db.contact.findFirstOrThrow({ where: { email: STP_EMAIL } })).id;
    expect(await notifier(w.db, () => w.clock, w.channels)(input)).toEqual({
      ...empty,
      uncertain: [{ channel: 'email', contactId }],
    });
    expect(await w.row(emailKey(input))).toMatchObject({
      status: 'UNCERTAIN',
      attempts: 1,
      lastError: expect.stringContaining('có thể đã đến'),
    });
    expect(w.smtp.received).toHaveLength(0);
  });

  it('does not call skipped, nor resend, a message an attempt died sending once it is no longer useful', async () => {
    const input = { ...reminder('STP', 'f-late-crash'), usefulUntil: w.clock.getTime() - 1 };
    await w.db.notification.create({
      data: {
        idempotencyKey: emailKey(input),
        channel: 'EMAIL',
        purpose: input.purpose,
        workflowId: input.workflowId,
        recipient: STP_EMAIL,
        attempts: 1,
        claimedUntil: new Date(w.clock.getTime() - 1),
        transmittedAt: new Date(w.clock.getTime() - 2_000),
      },
    });
    const contactId = (await w.db.contact.findFirstOrThrow({ where: { email: STP_EMAIL } })).id;
    expect(await notifier(w.db, () => w.clock, w.channels)(input)).toEqual({
      ...empty,
      uncertain: [{ channel: 'email', contactId }],
    });
    expect(await w.row(emailKey(input))).toMatchObject({
      status: 'UNCERTAIN',
      lastError: expect.stringContaining('có thể đã đến'),
    });
    expect(w.smtp.received).toHaveLength(0);
  });

  it('calls skipped a message no longer useful whose dead attempt never began to send it', async () => {
    const input = { ...reminder('STP', 'f-late-crash-before'), usefulUntil: w.clock.getTime() - 1 };
    await w.db.notification.create({
      data: {
        idempotencyKey: emailKey(input),
        channel: 'EMAIL',
        purpose: input.purpose,
        workflowId: input.workflowId,
        recipient: STP_EMAIL,
        attempts: 1,
        claimedUntil: new Date(w.clock.getTime() - 1),
      },
    });
    expect(await notifier(w.db, () => w.clock, w.channels)(input)).toMatchObject({ skipped: 1 });
    expect(await w.row(emailKey(input))).toMatchObject({ status: 'SKIPPED' });
    expect(w.smtp.received).toHaveLength(0);
  });

  it('waits for a live attempt holding the row instead of sending beside it, and gives up after leaseWaitMs', async () => {
    const input = reminder('STP', 'f-held');
    await w.db.notification.create({
      data: {
        idempotencyKey: emailKey(input),
        channel: 'EMAIL',
        purpose: input.purpose,
        workflowId: input.workflowId,
        recipient: STP_EMAIL,
        attempts: 1,
        claimedUntil: new Date(w.clock.getTime() + 60_000),
      },
    });
    await expectRetryable(
      notifier(w.db, () => w.clock, w.channels)(input),
      /đang được gửi bởi một lần thử khác/,
    );
    const waiting = notifier(w.db, () => w.clock, w.channels, { timing: { leaseWaitMs: 10_000 } })(input);
    // The holder records its acceptance. Prisma queries are lazy: then() starts this one.
    setTimeout(() => {
      w.db.notification.update({ where: { idempotencyKey: emailKey(input) }, data: { status: 'SENT' } }).then(
        () => undefined,
        () => undefined,
      );
    }, 300);
    expect(await waiting).toMatchObject({ sent: 0, alreadySent: 1 });
    expect(w.smtp.received).toHaveLength(0);
  });

  it('sends the terminating dot only with the record of the transmission; unrecordable, the relay gets no message', async () => {
    const real = createPrismaOutbox(w.db, w.connections);
    // The marking connection is held until the test lets it go: the relay must not have a whole message before.
    const { held, marking, release } = holdingTheMark(real);
    const input = reminder('STP', 'f-mark-held');
    const run = notifier(w.db, () => w.clock, w.channels, { outbox: held })(input);
    await marking;
    // The content is out; give the relay every chance to (wrongly) see a whole message.
    await w.smtp.waitForContent(1, 1_500).catch(() => undefined);
    expect(w.smtp.received).toHaveLength(0);
    release();
    expect(await run).toMatchObject({ sent: 1 });
    expect(w.smtp.received).toHaveLength(1);
    expect(await w.row(emailKey(input))).toMatchObject({ status: 'SENT', transmittedAt: expect.any(Date) });

    // No connection to record it on (database down): the content is withheld before its dot, and sent once later.
    const down: Outbox = { ...real, markSlot: () => Promise.reject(new Error('db down')) };
    const lost = reminder('STP', 'f-mark-down');
    await expectRetryable(notifier(w.db, () => w.clock, w.channels, { outbox: down })(lost), /./);
    expect(w.smtp.received).toHaveLength(1);
    expect(await w.row(emailKey(lost))).toMatchObject({ status: 'PENDING', transmittedAt: null });
    expect(await notifier(w.db, () => w.clock, w.channels, { outbox: real })(lost)).toMatchObject({
      sent: 1,
    });
    expect(w.smtp.received).toHaveLength(2);
    expect(await w.row(emailKey(lost))).toMatchObject({ status: 'SENT', transmittedAt: expect.any(Date) });
    expect(w.smtp.duplicates()).toEqual([]);
  });

  it('a connection lost while the record waited gets neither record nor dot, and gives its marking connection back', async () => {
    // One marking connection: one not given back would leave the next send waiting for ever.
    const one = createPgMarker(w.url, 1);
    try {
      const real = createPrismaOutbox(w.db, { ...w.connections, marker: one });
      const { held, marking, release } = holdingTheMark(real);
      const input = reminder('STP', 'f-mark-conn-lost');
      const run = notifier(w.db, () => w.clock, w.channels, { outbox: held })(input);
      await marking;
      w.smtp.dropIdleConnections(); // every open session, this one mid-DATA included
      release();
      await expectRetryable(run, /./);
      expect(await w.row(emailKey(input))).toMatchObject({ status: 'PENDING', transmittedAt: null });
      expect(w.smtp.received).toHaveLength(0);
      expect(await notifier(w.db, () => w.clock, w.channels, { outbox: real })(input)).toMatchObject({
        sent: 1,
      });
      expect(await w.row(emailKey(input))).toMatchObject({ status: 'SENT', transmittedAt: expect.any(Date) });
      expect(w.smtp.received).toHaveLength(1);
    } finally {
      await one.close();
    }
  });

  it('a mark whose claim another attempt took over is refused and leaves that claim alone', async () => {
    const { held, marking, release } = holdingTheMark(createPrismaOutbox(w.db, w.connections));
    const input = reminder('STP', 'f-mark-taken');
    const run = notifier(w.db, () => w.clock, w.channels, { outbox: held })(input);
    await marking;
    // Meanwhile the row changed hands (this attempt's lease was taken as lapsed by another one).
    const key = emailKey(input);
    await w.db.notification.update({
      where: { idempotencyKey: key },
      data: { attempts: { increment: 1 }, claimedUntil: new Date(w.clock.getTime() + 60_000) },
    });
    const claim = await w.row(key);
    release();
    await run;
    // The mark was refused (nothing written over the other claim); the relay's acceptance, a fact, is recorded.
    expect(await w.row(key)).toMatchObject({
      status: 'SENT',
      attempts: 2,
      transmittedAt: null,
      claimedUntil: claim.claimedUntil,
    });
    expect(w.smtp.received).toHaveLength(1);
  });

  it('records an acceptance through database errors, and a record that never succeeds leaves the claim in place', async () => {
    const real = createPrismaOutbox(w.db, w.connections);
    let failures = 3;
    const flaky: Outbox = {
      ...real,
      recordSent: (...a) =>
        failures-- > 0 ? Promise.reject(new Error(`db down near ${STP_EMAIL}`)) : real.recordSent(...a),
    };
    const input = reminder('STP', 'f-dbdown');
    expect(await notifier(w.db, () => w.clock, w.channels, { outbox: flaky })(input)).toMatchObject({
      sent: 1,
    });
    expect(await w.row(emailKey(input))).toMatchObject({ status: 'SENT', attempts: 1 });

    const broken: Outbox = { ...real, recordSent: () => Promise.reject(new Error('connection terminated')) };
    const lost = reminder('STP', 'f-dbgone');
    const { env, run } = inActivity(lost, { outbox: broken, timing: { recordGraceMs: 200 } });
    await w.smtp.waitForMessages(2);
    env.cancel('TIMED_OUT');
    await expect(run).rejects.toBeInstanceOf(CancelledFailure);
    expect(await w.row(emailKey(lost))).toMatchObject({
      status: 'PENDING',
      attempts: 1,
      claimedUntil: expect.any(Date),
    });
    expect(w.smtp.duplicates()).toEqual([]);
  });

  it('heartbeats while a slow relay works, and holds the lease by renewing it past leaseMs', async () => {
    const timing = {
      heartbeatEveryMs: 200,
      quietMs: 400,
      leaseMs: 1_500,
      renewEveryMs: 300,
      leaseMarginMs: 300,
      leaseWaitMs: 0,
    };
    w.smtp.fault({ kind: 'delay', ms: 2_500 });
    const input = reminder('STP', 'f-slow');
    const slow = inActivity(input, { timing, now: () => new Date() });
    await new Promise((r) => setTimeout(r, 2_000)); // past the first lease
    // An overlapping attempt (a retry after a timeout, another worker) finds the row held.
    await expectRetryable(notifier(w.db, () => new Date(), w.channels, { timing })(input), /đang được gửi/);
    expect(await slow.run).toMatchObject({ sent: 1 });
    // From quietMs (0.4 s) to the relay's answer (2.5 s), every 0.2 s.
    expect(slow.heartbeats()).toBeGreaterThanOrEqual(6);
    expect([...w.smtp.deliveries().values()]).toEqual([1]);
  });

  it('an attempt that ends within quietMs sends no heartbeat, one that runs past it does', async () => {
    const timing = { heartbeatEveryMs: 100, quietMs: 1_000 };
    const quick = inActivity(reminder('STP', 'f-quick'), { timing, now: () => new Date() });
    expect(await quick.run).toMatchObject({ sent: 1 });
    expect(quick.heartbeats()).toBe(0);
    w.smtp.fault({ kind: 'delay', ms: 1_600 });
    const slow = inActivity(reminder('STP', 'f-past-quiet'), { timing, now: () => new Date() });
    expect(await slow.run).toMatchObject({ sent: 1 });
    expect(slow.heartbeats()).toBeGreaterThanOrEqual(3);
  });

  it('an attempt allowed less than twice quietMs heartbeats from half its start-to-close', async () => {
    // Silent until quietMs (3 s), an attempt allowed 2 s would never hear that it timed out.
    const timing = { heartbeatEveryMs: 100, quietMs: 3_000 };
    w.smtp.fault({ kind: 'delay', ms: 1_600 });
    const short = inActivity(
      reminder('STP', 'f-short-attempt'),
      { timing, now: () => new Date() },
      w.channels.email,
      2_000,
    );
    expect(await short.run).toMatchObject({ sent: 1 });
    // From 1 s to the relay's answer (1.6 s), every 0.1 s.
    expect(short.heartbeats()).toBeGreaterThanOrEqual(3);
  });

  it('a cancelled attempt stops before sending what still waits for a connection; its retry sends each message once', async () => {
    const email = singleConnection();
    w.smtp.fault({ kind: 'delay', ms: 1_500 });
    const first = inActivity(reminder('STP', 'f-q1'), {}, email);
    await new Promise((r) => setTimeout(r, 200));
    const queued = [reminder('STP', 'f-q2'), reminder('STP', 'f-q3')].map((i) => inActivity(i, {}, email));
    await new Promise((r) => setTimeout(r, 200));
    for (const q of queued) q.env.cancel('TIMED_OUT');
    for (const q of queued) await expect(q.run).rejects.toBeInstanceOf(CancelledFailure);
    expect(await first.run).toMatchObject({ sent: 1 });
    for (const step of ['f-q2', 'f-q3'])
      expect(await w.row(emailKey(reminder('STP', step)))).toMatchObject({
        status: 'PENDING',
        claimedUntil: null,
        possibleDuplicate: false,
      });
    expect(w.smtp.received).toHaveLength(1);

    for (const step of ['f-q2', 'f-q3'])
      expect(await inActivity(reminder('STP', step), {}, email).run).toMatchObject({ sent: 1 });
    expect([...w.smtp.deliveries().values()]).toEqual([1, 1, 1]);
  });

  it('an SMS whose answer was lost is sent again and the gateway keeps one', async () => {
    const input = reminder('STP', 'f-sms-lost', ['sms']);
    w.gateway.reply({ acceptThenDrop: true });
    await expectRetryable(notifier(w.db, () => w.clock, w.channels)(input), /gateway unreachable/);
    expect(await w.row(keyOf(input, 'sms', STP_PHONE))).toMatchObject({
      status: 'PENDING',
      claimedUntil: null,
    });
    expect(await notifier(w.db, () => w.clock, w.channels)(input)).toMatchObject({ sent: 1 });
    expect(w.gateway.requests.map((r) => r.status)).toEqual([0, 200]);
    expect([...w.gateway.deliveries().values()]).toEqual([1]);
  });
});
