import { asyncLocalStorage, ApplicationFailure } from '@temporalio/activity';
import { z } from 'zod';
import { CONTACT_ROLES, type ContactRoleName } from '../domain/agencies';
import { normalizeVnPhone } from '../domain/phone';
import {
  NOTIFICATION_PURPOSES,
  listedAgencies,
  renderEmail,
  renderSms,
  templateSchemas,
  type NotificationPurpose,
  type RenderedEmail,
  type TemplateData,
} from '../domain/templates';
import { formatZodIssues } from '../domain/zod-format';
import type { Notification } from '../prisma/generated/client';
import type { AppConfig } from '../config';
import type { ActivityDeps } from './deps';
import type { ChannelName, NotifyInput, NotifyResult } from './notify-contract';
import { MailDeliveryError, createSmtpMailer, messageIdFor } from './mailer';
import { nextSmsInstant } from '../domain/calendar';
import { SmsDeliveryError, createSmsGateway, requestIdFor } from './sms';

// The one way a workflow tells people something: recipients resolved now from the contacts table,
// one outbox row per (workflow, purpose, step, channel, recipient) written before sending, so a
// retried or repeated activity never sends twice.

export type { ChannelName, NotifyInput, NotifyResult } from './notify-contract';

export type NotificationDeps = Pick<
  ActivityDeps,
  'db' | 'now' | 'mailer' | 'sms' | 'calendar' | 'quietHours'
> & {
  config: Pick<AppConfig, 'timeZone'>;
};

/** The mailer, SMS route and SMS hours the worker builds from its configuration. */
export function createNotificationDeps(
  config: Pick<AppConfig, 'smtp' | 'sms'>,
): Pick<NotificationDeps, 'mailer' | 'sms'> {
  return {
    mailer: createSmtpMailer(config.smtp),
    sms: createSmsGateway(config.sms),
  };
}

const notifyInputSchema = z.strictObject({
  workflowId: z.string().trim().min(1).max(200),
  purpose: z.enum(NOTIFICATION_PURPOSES),
  step: z.string().regex(/^[A-Za-z0-9_.-]{1,60}$/, 'letters, digits, _ . - only'),
  agencyCode: z.string().trim().min(1).max(20),
  roles: z.array(z.enum(CONTACT_ROLES)).min(1),
  channels: z.array(z.enum(['email', 'sms'])).min(1),
  data: z.record(z.string(), z.unknown()),
});

const AGENCY_ROLES: ContactRoleName[] = ['focal_point', 'head'];
/** Longer than one send can take (SMTP: 10 s connect + 10 s greeting + 30 s socket; gateway: 15 s). */
const CLAIM_LEASE_MS = 2 * 60_000;

interface Target {
  channel: ChannelName;
  recipient: string;
  contactId: number;
  contactName: string;
  /** Why this address cannot be used (recorded FAILED without an attempt). */
  invalid?: string;
}

interface Content {
  email?: RenderedEmail;
  sms?: string;
}

type Outcome =
  | { kind: 'sent' }
  | { kind: 'alreadySent' }
  | { kind: 'deferred'; until: Date }
  | { kind: 'failed'; error: string }
  | { kind: 'transient'; error: string };

function invalidInput(message: string): never {
  throw ApplicationFailure.nonRetryable(message, 'InvalidNotification');
}

/** The activity's logger; outside an activity (tests, the benchmark) the returned result says it all. */
function logger(): { warn: (message: string, meta?: Record<string, unknown>) => void } {
  return asyncLocalStorage.getStore()?.log ?? { warn: () => undefined };
}

export function createNotificationActivities(deps: NotificationDeps) {
  const { db } = deps;

  async function resolveTargets(
    agencyCode: string,
    roles: ContactRoleName[],
    channels: ChannelName[],
  ): Promise<Target[]> {
    const local = roles.filter((r) => AGENCY_ROLES.includes(r)).map((r) => r.toUpperCase() as never);
    const anywhere = roles.filter((r) => !AGENCY_ROLES.includes(r)).map((r) => r.toUpperCase() as never);
    const contacts = await db.contact.findMany({
      where: {
        active: true,
        OR: [
          ...(local.length ? [{ agency: { code: agencyCode }, role: { in: local } }] : []),
          ...(anywhere.length ? [{ role: { in: anywhere }, agency: { active: true } }] : []),
        ],
      },
      orderBy: [{ role: 'asc' }, { id: 'asc' }],
    });
    const targets = new Map<string, Target>();
    for (const channel of channels) {
      for (const c of contacts) {
        const raw = channel === 'email' ? c.email?.trim().toLowerCase() : c.phone?.trim();
        if (!raw) continue;
        const phone = channel === 'sms' ? normalizeVnPhone(raw) : undefined;
        const recipient = phone ?? raw;
        let invalid: string | undefined;
        if (channel === 'sms' && !phone) invalid = `số điện thoại không hợp lệ: ${raw}`;
        if (channel === 'email' && !z.email().safeParse(raw).success)
          invalid = `địa chỉ email không hợp lệ: ${raw}`;
        const key = `${channel}:${recipient}`;
        if (!targets.has(key))
          targets.set(key, { channel, recipient, contactId: c.id, contactName: c.name, invalid });
      }
    }
    return [...targets.values()];
  }

  /** Fills in the names of agencies a payload lists by code only. */
  async function nameListedAgencies(payload: object): Promise<void> {
    const unnamed = listedAgencies(payload).filter((a) => !a.name);
    if (unnamed.length === 0) return;
    const rows = await db.agency.findMany({
      where: { code: { in: [...new Set(unnamed.map((a) => a.code))] } },
      select: { code: true, name: true },
    });
    const names = new Map(rows.map((r) => [r.code, r.name]));
    for (const a of unnamed) a.name = names.get(a.code) ?? a.code;
  }

  /** Sends a row this call has claimed, and records how it went. */
  async function send(row: Notification, target: Target, content: Content): Promise<Outcome> {
    try {
      let providerId: string | undefined;
      if (target.channel === 'email') {
        const to = { name: target.contactName, address: target.recipient };
        providerId = (
          await deps.mailer.send({ to, ...content.email!, messageId: messageIdFor(row.idempotencyKey) })
        ).messageId;
      } else {
        const requestId = requestIdFor(row.idempotencyKey);
        const result = await deps.sms.send({ phone: target.recipient, content: content.sms!, requestId });
        providerId = result.providerId ?? (result.duplicate ? `duplicate:${requestId}` : undefined);
      }
      await db.notification.update({
        where: { id: row.id },
        data: { status: 'SENT', sentAt: deps.now(), providerId, lastError: null, notBefore: null },
      });
      return { kind: 'sent' };
    } catch (err) {
      const permanent =
        (err instanceof MailDeliveryError || err instanceof SmsDeliveryError) && err.permanent;
      const error = err instanceof Error ? err.message : String(err);
      await db.notification.update({
        where: { id: row.id },
        data: {
          lastError: error.slice(0, 1000),
          notBefore: null,
          ...(permanent ? { status: 'FAILED' as const } : {}),
        },
      });
      return permanent ? { kind: 'failed', error } : { kind: 'transient', error };
    }
  }

  /** A row an earlier call wrote: done, failed, still quiet, held by another attempt, or ours to send. */
  async function resume(
    row: Notification,
    target: Target,
    content: Content,
    now: Date,
    smsFrom?: Date,
  ): Promise<Outcome> {
    if (row.status === 'SENT') return { kind: 'alreadySent' };
    if (row.status === 'FAILED') return { kind: 'failed', error: row.lastError ?? 'thất bại' };
    if (target.channel === 'sms' && smsFrom && smsFrom > now) {
      if (row.notBefore?.getTime() !== smsFrom.getTime()) {
        await db.notification.update({ where: { id: row.id }, data: { notBefore: smsFrom } });
      }
      return { kind: 'deferred', until: smsFrom };
    }
    // Claim the attempt. notBefore doubles as its lease: an attempt in flight holds the row until
    // now + CLAIM_LEASE_MS, so an overlapping run (say, a retry after a timeout) cannot send too, and
    // a crashed attempt's claim runs out by itself. One conditional UPDATE: Prisma's updateMany may
    // select the ids first, which would let two runs through.
    const leaseUntil = new Date(now.getTime() + CLAIM_LEASE_MS);
    const claimed = await db.$executeRaw`
      UPDATE "Notification" SET "attempts" = "attempts" + 1, "notBefore" = ${leaseUntil}, "updatedAt" = now()
      WHERE "id" = ${row.id} AND "status" = 'PENDING' AND ("notBefore" IS NULL OR "notBefore" <= ${now})`;
    if (claimed === 0) {
      const current = await db.notification.findUniqueOrThrow({ where: { id: row.id } });
      if (current.status !== 'PENDING') return resume(current, target, content, now, smsFrom);
      return {
        kind: 'transient',
        error: `being sent by another attempt (until ${current.notBefore?.toISOString()})`,
      };
    }
    return send(row, target, content);
  }

  return {
    /**
     * Sends one purpose's message to the contacts with `roles` over `channels`, each (recipient,
     * channel) at most once per (workflowId, purpose, step). Transient failures throw a retryable
     * error after the other recipients were served; permanent ones are recorded and returned.
     */
    async notify(rawInput: NotifyInput): Promise<NotifyResult> {
      const parsedInput = notifyInputSchema.safeParse(rawInput);
      if (!parsedInput.success) invalidInput(`notify: ${formatZodIssues(parsedInput.error).join('; ')}`);
      const input = parsedInput.data;
      const parsedData = templateSchemas[input.purpose].safeParse(input.data);
      if (!parsedData.success) {
        invalidInput(`notify ${input.purpose}: ${formatZodIssues(parsedData.error, 'data.').join('; ')}`);
      }
      const [agency, targets] = await Promise.all([
        db.agency.findUnique({ where: { code: input.agencyCode }, select: { code: true, name: true } }),
        resolveTargets(input.agencyCode, input.roles, input.channels),
        nameListedAgencies(parsedData.data),
      ]);
      if (!agency) invalidInput(`notify: no agency with code ${input.agencyCode}`);
      const result: NotifyResult = {
        sent: 0,
        alreadySent: 0,
        deferred: [],
        failed: [],
        skipped: 0,
        noRecipients: targets.length === 0,
      };
      if (targets.length === 0) {
        logger().warn('notify: no recipients', {
          purpose: input.purpose,
          agencyCode: input.agencyCode,
          roles: input.roles,
          channels: input.channels,
        });
        return result;
      }
      const data = { ...parsedData.data, agency } as TemplateData<NotificationPurpose>;
      const content: Content = {
        email: input.channels.includes('email') ? renderEmail(input.purpose, data) : undefined,
        sms: input.channels.includes('sms') ? renderSms(input.purpose, data) : undefined,
      };
      const now = deps.now();
      const smsFrom = content.sms
        ? new Date(nextSmsInstant(now.getTime(), deps.quietHours, deps.calendar))
        : undefined;
      const quietUntil = (t: Target) =>
        t.channel === 'sms' && smsFrom && smsFrom > now ? smsFrom : undefined;

      // The outbox rows, written before anything is sent. A new row that can go now is inserted
      // already claimed by this call; rows from earlier calls are resumed.
      const keyOf = (t: Target) =>
        `${input.workflowId}:${input.purpose}:${input.step}:${t.channel}:${t.recipient}`;
      const inserted = await db.notification.createManyAndReturn({
        data: targets.map((t) => ({
          idempotencyKey: keyOf(t),
          channel: t.channel === 'email' ? ('EMAIL' as const) : ('SMS' as const),
          purpose: input.purpose,
          workflowId: input.workflowId,
          agencyCode: agency.code,
          contactId: t.contactId,
          recipient: t.recipient,
          subject: t.channel === 'email' ? content.email!.subject : null,
          body: t.channel === 'email' ? content.email!.text : content.sms!,
          ...(t.invalid
            ? { status: 'FAILED' as const, lastError: t.invalid }
            : {
                attempts: quietUntil(t) ? 0 : 1,
                notBefore: quietUntil(t) ?? new Date(now.getTime() + CLAIM_LEASE_MS),
              }),
        })),
        skipDuplicates: true,
      });
      const fresh = new Map(inserted.map((r) => [r.idempotencyKey, r]));
      const earlierKeys = targets.map(keyOf).filter((k) => !fresh.has(k));
      const earlier = new Map(
        earlierKeys.length === 0
          ? []
          : (await db.notification.findMany({ where: { idempotencyKey: { in: earlierKeys } } })).map((r) => [
              r.idempotencyKey,
              r,
            ]),
      );

      const outcomes = await Promise.all(
        targets.map((t): Promise<Outcome> | Outcome => {
          const row = fresh.get(keyOf(t));
          if (!row) return resume(earlier.get(keyOf(t))!, t, content, now, smsFrom);
          if (row.status === 'FAILED') return { kind: 'failed', error: row.lastError! };
          const until = quietUntil(t);
          return until ? { kind: 'deferred', until } : send(row, t, content);
        }),
      );
      const transient: string[] = [];
      outcomes.forEach((outcome, i) => {
        const { channel, recipient, contactId } = targets[i]!;
        if (outcome.kind === 'sent') result.sent += 1;
        else if (outcome.kind === 'alreadySent') result.alreadySent += 1;
        else if (outcome.kind === 'deferred')
          result.deferred.push({ channel, contactId, until: outcome.until.toISOString() });
        else if (outcome.kind === 'failed') result.failed.push({ channel, contactId, error: outcome.error });
        else transient.push(`${channel} ${recipient}: ${outcome.error}`);
      });
      if (result.failed.length > 0) {
        logger().warn('notify: permanent delivery failures', {
          purpose: input.purpose,
          workflowId: input.workflowId,
          failed: result.failed,
        });
      }
      if (transient.length > 0) {
        throw ApplicationFailure.retryable(
          `${transient.length} of ${targets.length} deliveries failed transiently (sent ones are not repeated on retry): ${transient.join('; ')}`,
          'NotificationDeliveryRetry',
        );
      }
      return result;
    },
  };
}
