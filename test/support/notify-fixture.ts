import { ApplicationFailure } from '@temporalio/common';
import { createWorkingCalendar } from '../../domain/calendar';
import {
  channelRegistryOf,
  createEmailChannel,
  createEsmsTransport,
  createSmsChannel,
  type Channel,
} from '../../activities/channels';
import {
  createNotificationActivities,
  type NotificationDeps,
  type NotifyInput,
} from '../../activities/notifications';
import type { Db } from '../../config/connections';
import { createNotifyConnections, type NotifyConnections } from '../../activities/notify/connections';
import { freshDatabase } from './db';
import { startSmsGateway, type TestSmsGateway } from './sms-gateway';
import { startSmtpServer, type TestSmtpServer } from './smtp';
import { reminderData } from './report-payloads';

// The province of the notification tests (a few agencies, reserved-domain contacts) and helpers to
// run the notify activity against a real database, SMTP server and gateway stub.

export const SLDTBXH = 'Sở Lao động - Thương binh và Xã hội';

export async function seedContacts(db: Db): Promise<void> {
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

export const reminder = (
  agencyCode: string,
  step: string,
  channels: NotifyInput['channels'] = ['email'],
): NotifyInput => ({
  workflowId: `report-CCHC-2022-Q1-${agencyCode}`,
  purpose: 'REPORT_REMINDER',
  step,
  agencyCode,
  roles: ['focal_point'],
  channels,
  data: withoutMailbox(reminderData(2022, 'Q1', '2022-03-16')),
});

/** As a workflow would carry it (regimeForWorkflow): no submission mailbox, so no email in its history. */
function withoutMailbox<T extends { cycle: { submission?: { address?: string } } }>(data: T): T {
  if (!data.cycle.submission) return data;
  const { address: _address, ...submission } = data.cycle.submission;
  return { ...data, cycle: { ...data.cycle, submission } };
}

export const keyOf = (input: NotifyInput, channel: string, recipient: string) =>
  `${input.workflowId}:${input.purpose}:${input.step}:${channel}:${recipient}`;

/** Vietnam wall-clock time as an instant. */
export const vn = (local: string) => new Date(`${local}+07:00`);

export const empty = { sent: 0, alreadySent: 0, deferred: [], failed: [], skipped: 0, noRecipients: false };

/** Email and eSMS channels on the test servers; `timeouts` shortens the SMTP ones. */
export function testChannels(smtp: TestSmtpServer, gateway: TestSmsGateway, timeouts?: { socketMs: number }) {
  const email = createEmailChannel(smtp.config, {
    connection: {
      host: smtp.host,
      port: smtp.port,
      secure: false,
      connectionTimeout: 5_000,
      greetingTimeout: 5_000,
      socketTimeout: timeouts?.socketMs ?? 10_000,
    },
  });
  const sms = createSmsChannel(createEsmsTransport(gateway.esmsConfig()));
  return { email, sms };
}

/** Each world's own connections (marking, per-message statements): notify runs on them, as in the worker. */
const connections = new WeakMap<Db, NotifyConnections>();

export function notifier(
  db: Db,
  clock: () => Date,
  channels: { email?: Channel; sms?: Channel },
  overrides: Partial<NotificationDeps> = {},
) {
  return createNotificationActivities({
    db,
    notifyConnections: connections.get(db),
    now: clock,
    config: { timeZone: 'Asia/Ho_Chi_Minh' },
    channels: channelRegistryOf(channels),
    calendar: createWorkingCalendar(),
    timing: { leaseWaitMs: 0 },
    ...overrides,
  }).notify;
}

export async function expectRetryable(
  promise: Promise<unknown>,
  text: string | RegExp,
): Promise<ApplicationFailure> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApplicationFailure);
  expect((err as ApplicationFailure).nonRetryable).toBe(false);
  expect((err as ApplicationFailure).message).toMatch(text);
  return err as ApplicationFailure;
}

export interface NotifyWorld {
  db: Db;
  /** The database's URL (for a worker in another process). */
  url: string;
  smtp: TestSmtpServer;
  gateway: TestSmsGateway;
  channels: ReturnType<typeof testChannels>;
  /** The activity's clock; each test starts on Monday 14/3/2022 09:00, working hours. */
  clock: Date;
  /** Channels a test made; closed after the file. */
  opened: Channel[];
  row(key: string): ReturnType<Db['notification']['findUniqueOrThrow']>;
  /** Notify's own connections, as the worker's (used by every notifier of this database). */
  connections: NotifyConnections;
}

/** A database of its own, the seeded contacts, an SMTP server and a gateway stub for one test file. */
export function notifyWorld(opts: { parse?: boolean } = {}): NotifyWorld {
  let database: Awaited<ReturnType<typeof freshDatabase>> | undefined;
  const world = { opened: [] as Channel[] } as unknown as NotifyWorld;
  world.row = (key) => world.db.notification.findUniqueOrThrow({ where: { idempotencyKey: key } });
  beforeAll(async () => {
    database = await freshDatabase();
    world.db = database.db;
    world.url = database.url;
    world.connections = createNotifyConnections(database.url);
    connections.set(world.db, world.connections);
    [world.smtp, world.gateway] = await Promise.all([
      startSmtpServer({ parse: opts.parse }),
      startSmsGateway(),
    ]);
    world.channels = testChannels(world.smtp, world.gateway);
    await seedContacts(world.db);
  });
  afterAll(async () => {
    for (const channel of [world.channels?.email, ...world.opened]) await channel?.close();
    await world.smtp?.close();
    await world.gateway?.close();
    await world.connections?.close();
    await database?.drop();
  });
  beforeEach(() => {
    world.smtp.reset();
    world.gateway.reset();
    world.clock = vn('2022-03-14T09:00:00');
  });
  return world;
}
