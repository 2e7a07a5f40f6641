import { ApplicationFailure, CancelledFailure } from '@temporalio/activity';
import { z } from 'zod';
import { CONTACT_ROLES } from '../domain/agencies';
import { DEFAULT_POLICY, vnDateOf, type WorkingCalendar } from '../domain/calendar';
import {
  NOTIFICATION_PURPOSES,
  listedAgencies,
  templateSchemas,
  type NotificationPurpose,
  type TemplateData,
} from '../domain/templates';
import { formatZodIssues } from '../domain/zod-format';
import type { AppConfig } from '../config';
import type { Db } from '../config/connections';
import { CHANNEL_NAMES, createChannelRegistry, describeError, type ChannelRegistry } from './channels';
import type { NotifyInput, NotifyResult } from './notify-contract';
import { attachmentsFor } from './notify/attachments';
import { DEFAULT_TIMING, startAttempt, type Attempt, type NotifyTiming } from './notify/attempt';
import {
  planRow,
  resume,
  settleFresh,
  type DeliveryContext,
  type Outcome,
  type Target,
} from './notify/deliver';
import { createPrismaDirectory, type Directory } from './notify/directory';
import { createExpander, type Expander } from './notify/expand';
import { createPrismaOutbox, type Outbox } from './notify/outbox';
import type { NotifyConnections } from './notify/connections';

// The one way a workflow tells people something: recipients resolved now from the contacts table,
// one outbox row per (workflow, purpose, step, channel, recipient) written and claimed before
// sending, each channel reached through the registry. Results, errors and logs name contacts by id.

export type { ChannelName, NotifyInput, NotifyResult } from './notify-contract';

export interface NotificationDeps {
  db: Db;
  now: () => Date;
  channels: ChannelRegistry;
  calendar: WorkingCalendar;
  config: Pick<AppConfig, 'timeZone'>;
  /** Notify's connections of its own: transmissions marked, per-message statements (the worker's; default: through Prisma). */
  notifyConnections?: NotifyConnections;
  /** Replace the database-backed outbox and directory (unit tests). */
  outbox?: Outbox;
  directory?: Directory;
  /** Fills in a reporting message's cycle wording and listed units (default: from the database). */
  expander?: Expander;
  timing?: Partial<NotifyTiming>;
}

/** The channels the worker builds from its configuration. */
export function createNotificationDeps(config: Pick<AppConfig, 'smtp' | 'sms'>): {
  channels: ChannelRegistry;
} {
  return { channels: createChannelRegistry(config) };
}

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM');
const notifyInputSchema = z.strictObject({
  workflowId: z.string().trim().min(1).max(200),
  purpose: z.enum(NOTIFICATION_PURPOSES),
  step: z.string().regex(/^[A-Za-z0-9_.-]{1,60}$/, 'letters, digits, _ . - only'),
  agencyCode: z.string().trim().min(1).max(20),
  roles: z.array(z.enum(CONTACT_ROLES)).min(1),
  channels: z.array(z.enum(CHANNEL_NAMES)).min(1),
  data: z.record(z.string(), z.unknown()),
  smsWindow: z
    .strictObject({ start: hhmm, end: hhmm })
    .refine((w) => w.start < w.end, { message: 'end must be after start', path: ['end'] })
    .optional(),
  usefulUntil: z.number().int().positive().optional(),
});

function invalidInput(message: string): never {
  throw ApplicationFailure.nonRetryable(message, 'InvalidNotification');
}

/** Whatever escapes is made safe for a history: a redacted one-line message, no foreign stack. */
function sanitize(err: unknown): unknown {
  if (err instanceof ApplicationFailure || err instanceof CancelledFailure) return err;
  return ApplicationFailure.retryable(`notify: ${describeError(err)}`, 'NotificationInfrastructure');
}

function cancellation(signal: AbortSignal): CancelledFailure {
  return signal.reason instanceof CancelledFailure
    ? signal.reason
    : new CancelledFailure(String(signal.reason ?? 'CANCELLED'));
}

export function createNotificationActivities(deps: NotificationDeps) {
  const own = deps.notifyConnections;
  const outbox = deps.outbox ?? createPrismaOutbox(deps.db, own);
  const directory =
    deps.directory ?? createPrismaDirectory(deps.db, () => vnDateOf(deps.now().getTime()), own?.sql);
  const expander = deps.expander ?? createExpander(deps.db, deps.calendar, deps.now);
  const timing: NotifyTiming = { ...DEFAULT_TIMING, ...deps.timing };

  async function resolveTargets(
    input: z.infer<typeof notifyInputSchema>,
    data: TemplateData<NotificationPurpose>,
    attachments: Target['content']['attachments'],
  ) {
    const found = await directory.recipients(input.agencyCode, input.roles);
    if (!found) invalidInput(`notify: no agency with code ${input.agencyCode}`);
    const full = { ...data, agency: found.agency } as TemplateData<NotificationPurpose>;
    const targets: Target[] = [];
    const seen = new Set<string>();
    for (const name of input.channels) {
      const channel = deps.channels.get(name);
      let content: Target['content'] | undefined;
      for (const contact of found.contacts) {
        const resolved = channel.address(contact);
        if (resolved.kind === 'none') continue;
        const address = resolved.address;
        const key = `${input.workflowId}:${input.purpose}:${input.step}:${name}:${address}`;
        if (seen.has(key)) continue;
        seen.add(key);
        content ??= {
          ...channel.render(input.purpose, full),
          ...(attachments?.length ? { attachments } : {}),
        };
        targets.push({
          channel,
          contact,
          key,
          address,
          content,
          unusable: resolved.kind === 'unusable' ? resolved.reason : undefined,
        });
      }
    }
    return { agency: found.agency, targets };
  }

  /** Fills in the names of agencies a payload lists by code only. */
  async function nameListedAgencies(payload: object): Promise<void> {
    const unnamed = listedAgencies(payload).filter((a) => !a.name);
    if (unnamed.length === 0) return;
    const names = await directory.agencyNames([...new Set(unnamed.map((a) => a.code))]);
    for (const a of unnamed) a.name = names.get(a.code) ?? a.code;
  }

  async function notifyOnce(rawInput: NotifyInput): Promise<NotifyResult> {
    const parsedInput = notifyInputSchema.safeParse(rawInput);
    if (!parsedInput.success) invalidInput(`notify: ${formatZodIssues(parsedInput.error).join('; ')}`);
    const input = parsedInput.data;
    const parsedData = templateSchemas[input.purpose].safeParse(
      await expander.expand(input.purpose, input.data),
    );
    if (!parsedData.success)
      invalidInput(`notify ${input.purpose}: ${formatZodIssues(parsedData.error, 'data.').join('; ')}`);
    // Heartbeats from the first query on: a worker stuck on the database is noticed too.
    const attempt = startAttempt({
      timing,
      now: deps.now,
      renew: (ids) => outbox.renew(ids, new Date(deps.now().getTime() + timing.leaseMs)),
    });
    try {
      return await deliverAll(input, parsedData.data as TemplateData<NotificationPurpose>, attempt);
    } finally {
      attempt.stop();
    }
  }

  async function deliverAll(
    input: z.infer<typeof notifyInputSchema>,
    data: TemplateData<NotificationPurpose>,
    attempt: Attempt,
  ): Promise<NotifyResult> {
    await nameListedAgencies(data);
    const { agency, targets } = await resolveTargets(
      input,
      data,
      await attachmentsFor(input.purpose, data, attempt.log),
    );
    const result: NotifyResult = {
      sent: 0,
      alreadySent: 0,
      deferred: [],
      failed: [],
      skipped: 0,
      noRecipients: targets.length === 0,
    };
    if (targets.length === 0) {
      attempt.log('warn', 'notify: no recipients', {
        purpose: input.purpose,
        agencyCode: input.agencyCode,
        roles: input.roles,
        channels: input.channels,
      });
      return result;
    }
    const ctx: DeliveryContext = {
      outbox,
      attempt,
      now: deps.now,
      timing,
      window: { smsWindow: input.smsWindow ?? DEFAULT_POLICY.quietHours, calendar: deps.calendar },
      usefulUntil: input.usefulUntil,
    };
    // The outbox rows, written before anything is sent; a new row that can go now is inserted claimed.
    const inserted = await outbox.insert(
      targets.map((t) =>
        planRow(t, ctx, {
          idempotencyKey: t.key,
          channel: t.channel.storedAs,
          purpose: input.purpose,
          workflowId: input.workflowId,
          agencyCode: agency.code,
          contactId: t.contact.id,
          recipient: t.address,
          subject: t.content.subject ?? null,
          body: t.content.body,
        }),
      ),
    );
    const fresh = new Map(inserted.map((r) => [r.idempotencyKey, r]));
    const earlier = new Map(
      (await outbox.byKeys(targets.map((t) => t.key).filter((k) => !fresh.has(k)))).map((r) => [
        r.idempotencyKey,
        r,
      ]),
    );
    const outcomes = await Promise.all(
      targets.map((t): Promise<Outcome> | Outcome => {
        const row = fresh.get(t.key);
        return row ? settleFresh(row, t, ctx) : resume(earlier.get(t.key)!, t, ctx);
      }),
    );
    // A cancelled or timed-out attempt says so rather than asking for a retry of its own accord.
    if (attempt.cancelled() && outcomes.some((o) => o.kind === 'retry')) throw cancellation(attempt.signal);
    return collect(input, targets, outcomes, result, attempt.log);
  }

  return {
    /**
     * Sends one purpose's message to the contacts with `roles` over `channels`, each (recipient,
     * channel) at most once per (workflowId, purpose, step). Transient and configuration failures
     * throw a retryable error after the other recipients were served; permanent ones are recorded
     * and returned. Call with a heartbeatTimeout: the activity heartbeats while it works.
     */
    async notify(rawInput: NotifyInput): Promise<NotifyResult> {
      try {
        return await notifyOnce(rawInput);
      } catch (err) {
        throw sanitize(err);
      }
    },
  };
}

type Log = Attempt['log'];

/** Folds the outcomes into the result; throws a retryable failure if any delivery must be tried again. */
function collect(
  input: { purpose: string; workflowId: string },
  targets: Target[],
  outcomes: Outcome[],
  result: NotifyResult,
  log: Log,
): NotifyResult {
  const retries: string[] = [];
  const misconfigured = new Map<string, string>();
  const uncertain: NonNullable<NotifyResult['uncertain']> = [];
  outcomes.forEach((outcome, i) => {
    const { channel, contact } = targets[i]!;
    const who = { channel: channel.name, contactId: contact.id };
    if (outcome.kind === 'sent') result.sent += 1;
    else if (outcome.kind === 'alreadySent') result.alreadySent += 1;
    else if (outcome.kind === 'skipped') result.skipped += 1;
    else if (outcome.kind === 'uncertain') uncertain.push(who);
    else if (outcome.kind === 'deferred')
      result.deferred.push({ ...who, until: outcome.until.toISOString() });
    else if (outcome.kind === 'failed') result.failed.push({ ...who, error: outcome.error });
    else {
      retries.push(`${channel.name} liên hệ #${contact.id}: ${outcome.error}`);
      if (outcome.configuration) misconfigured.set(outcome.variable ?? channel.name, outcome.error);
    }
  });
  if (uncertain.length > 0) {
    result.uncertain = uncertain;
    log('warn', 'notify: delivery uncertain (the relay received the whole message but never confirmed it)', {
      purpose: input.purpose,
      workflowId: input.workflowId,
      uncertain,
    });
  }
  if (result.failed.length > 0)
    log('warn', 'notify: permanent delivery failures', {
      purpose: input.purpose,
      workflowId: input.workflowId,
      failed: result.failed,
    });
  for (const [variable, error] of misconfigured)
    log('error', `notify: channel settings unusable, check ${variable}`, {
      variable,
      error,
      workflowId: input.workflowId,
    });
  if (retries.length > 0) {
    throw ApplicationFailure.retryable(
      `${retries.length} of ${targets.length} deliveries to retry (sent ones are not repeated): ${retries.join('; ')}`,
      misconfigured.size > 0 ? 'NotificationConfiguration' : 'NotificationDeliveryRetry',
    );
  }
  return result;
}
