import { condition, log, scheduleActivity, workflowInfo } from '@temporalio/workflow';
import { vnDateTime } from '../../domain/calendar/dates';
import type { NotifyInput, NotifyResult } from '../../activities/notify-contract';
import { DATABASE, notifyOptions } from './activity-options';
import { proxySummarisedActivities } from './summarised-activities';

// The one way a workflow tells people something. A send runs beside the workflow's own logic (a slow
// relay or a retry never holds up a deadline), is bounded by how long the message stays useful, and
// comes back for SMS deliveries the SMS window held back. A workflow drains its sender before it
// ends or continues as new, so it never finishes while it still owes a message.

// The journal of what could not be sent, each call with its Vietnamese summary in the Web UI.
const { recordAuditEvent } = proxySummarisedActivities(DATABASE);

/** A message as a workflow composes it: the sender adds the workflow ID. */
export type Message = Omit<NotifyInput, 'workflowId'> & {
  /** One Vietnamese line the Web UI shows for the activity, e.g. `Nhắc hạn: 5 ngày làm việc trước hạn`. */
  summary?: string;
};

/** A resend waiting for the SMS window, carried over continue-as-new. */
export interface DeferredSend {
  message: Message;
  /** Epoch ms of the next allowed minute. */
  at: number;
}

export interface Sender {
  /** Starts sending `message` and returns at once. */
  send(message: Message): void;
  /** Resolves once every send has finished, deferred SMS included. */
  drain(): Promise<void>;
  /** Resolves once no notify call is in flight; returns the deferred resends still waiting (for continue-as-new). */
  quiesce(): Promise<DeferredSend[]>;
  /** Sends not finished yet (in flight or waiting for the SMS window). */
  owed(): number;
  /**
   * Deferred resends whose message no longer matters (the report came in, the inspection was
   * cancelled) stop waiting: what they still owe is recorded as skipped now, not sent later.
   */
  withdraw(matches: (message: Message) => boolean): void;
}

/** A notify result says again and again that SMS are deferred only if the window keeps moving: bound it. */
const MAX_DEFERRALS = 10;

export function createSender(opts: { agencyCode?: string; carried?: DeferredSend[] } = {}): Sender {
  const { workflowId } = workflowInfo();
  let active = 0;
  const waiting = new Map<number, DeferredSend & { withdrawn: boolean }>();
  let nextId = 0;

  const audit = (kind: string, message: Message, detail: Record<string, unknown>) =>
    recordAuditEvent({
      workflowId,
      kind,
      agencyCode: opts.agencyCode ?? message.agencyCode,
      detail: { purpose: message.purpose, step: message.step, ...detail },
    }).catch((err: unknown) => log.error('audit record failed', { step: message.step, error: String(err) }));

  async function notifyOnce(message: Message): Promise<NotifyResult | undefined> {
    active += 1;
    try {
      const { summary, ...payload } = message;
      return await scheduleActivity<NotifyResult>(
        'notify',
        [{ workflowId, ...payload } satisfies NotifyInput],
        notifyOptions(Date.now(), message.usefulUntil, summary),
      );
    } catch (err) {
      // Out of retries or refused as invalid: the obligation goes on; this trace tells Sở Nội vụ.
      const error =
        err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
      log.error('notification failed', { step: message.step, purpose: message.purpose, error });
      await audit('NOTIFICATION_FAILED', message, { error });
      return undefined;
    } finally {
      active -= 1;
    }
  }

  async function run(message: Message, firstAt?: number): Promise<void> {
    let at = firstAt;
    for (let round = 0; round <= MAX_DEFERRALS; round++) {
      if (at !== undefined) {
        const entry = { message, at, withdrawn: false };
        const id = nextId++;
        waiting.set(id, entry);
        try {
          if (at > Date.now())
            await condition(() => entry.withdrawn, at - Date.now(), {
              summary: `Chờ khung giờ gửi SMS (${vnDateTime(at)}): ${message.summary ?? message.purpose}`,
            });
        } finally {
          waiting.delete(id);
        }
        // Withdrawn: one last call, useful until now, records what it still owed as skipped.
        if (entry.withdrawn) message = { ...message, usefulUntil: Date.now() - 1 };
      }
      const result = await notifyOnce(message);
      if (!result) return;
      if (result.failed.length > 0 || result.noRecipients) {
        log.warn('notification not delivered', {
          step: message.step,
          failed: result.failed.length,
          noRecipients: result.noRecipients,
        });
        await audit('NOTIFICATION_NOT_DELIVERED', message, {
          failed: result.failed,
          noRecipients: result.noRecipients,
        });
      }
      if (result.skipped > 0) await audit('NOTIFICATION_SKIPPED', message, { skipped: result.skipped });
      if (result.deferred.length === 0) return;
      // One resend serves every deferred delivery: the ones already sent are not repeated.
      at = Math.min(...result.deferred.map((d) => Date.parse(d.until)));
    }
    log.error('notification deferred too often', { step: message.step });
    await audit('NOTIFICATION_FAILED', message, { error: 'deferred too often' });
  }

  let owed = 0;
  const start = (message: Message, at?: number) => {
    owed += 1;
    void run(message, at).finally(() => {
      owed -= 1;
    });
  };
  for (const d of opts.carried ?? []) start(d.message, d.at);

  return {
    send: (message) => start(message),
    drain: () => condition(() => owed === 0),
    async quiesce() {
      await condition(() => active === 0);
      return [...waiting.values()].map(({ message, at }) => ({ message, at }));
    },
    owed: () => owed,
    withdraw(matches) {
      for (const entry of waiting.values()) if (matches(entry.message)) entry.withdrawn = true;
    },
  };
}
