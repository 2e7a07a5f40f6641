import {
  describeError,
  type Channel,
  type ChannelContact,
  type RenderedMessage,
  type SendWindowInput,
} from '../channels';
import type { Attempt, NotifyTiming } from './attempt';
import type { NewOutboxRow, Outbox, OutboxRow } from './outbox';

// One delivery (a channel, a contact, one outbox row) from planning to its recorded outcome. The
// row is claimed before anything is handed to a transport, the acceptance is recorded at once, and
// a row another live attempt holds is waited for, never sent beside it.

export interface Target {
  channel: Channel;
  contact: ChannelContact;
  key: string;
  /** The usable address, or why there is none. */
  address: string;
  unusable?: string;
  content: RenderedMessage;
}

export type Outcome =
  | { kind: 'sent' }
  | { kind: 'alreadySent' }
  | { kind: 'deferred'; until: Date }
  | { kind: 'failed'; error: string }
  | { kind: 'skipped' }
  | { kind: 'uncertain' }
  | { kind: 'retry'; error: string; variable?: string; configuration?: boolean };

export interface DeliveryContext {
  outbox: Outbox;
  attempt: Attempt;
  now: () => Date;
  timing: NotifyTiming;
  window: SendWindowInput;
  /** Epoch ms after which the message is not worth sending. */
  usefulUntil?: number;
}

const retry = (error: string): Outcome => ({ kind: 'retry', error });

/** A warning about one delivery, named by channel and contact id (never the address). */
function warn(ctx: DeliveryContext, t: Target, message: string, error?: unknown): void {
  ctx.attempt.log('warn', message, {
    channel: t.channel.name,
    contactId: t.contact.id,
    ...(error === undefined ? {} : { error: describeError(error) }),
  });
}

function tooLateReason(ctx: DeliveryContext, earlier?: string | null): string {
  const until = new Date(ctx.usefulUntil!).toISOString();
  return `không gửi: quá thời hạn hữu ích (${until})${earlier ? `; lỗi trước: ${earlier}` : ''}`;
}

/** The row to insert for a delivery this call sees first: failed, skipped, deferred, or claimed by us. */
export function planRow(
  t: Target,
  ctx: DeliveryContext,
  common: Omit<NewOutboxRow, keyof Plan>,
): NewOutboxRow {
  return { ...common, ...plan(t, ctx) };
}

type Plan = Pick<NewOutboxRow, 'status' | 'attempts' | 'notBefore' | 'claimedUntil' | 'lastError'>;

function plan(t: Target, ctx: DeliveryContext): Plan {
  const none = { attempts: 0, notBefore: null, claimedUntil: null, lastError: null };
  if (t.unusable) return { ...none, status: 'FAILED', lastError: t.unusable };
  const now = ctx.now().getTime();
  const earliest = t.channel.earliest(now, ctx.window);
  if (ctx.usefulUntil !== undefined && Math.max(now, earliest) > ctx.usefulUntil)
    return { ...none, status: 'SKIPPED', lastError: tooLateReason(ctx) };
  if (earliest > now) return { ...none, status: 'PENDING', notBefore: new Date(earliest) };
  return { ...none, status: 'PENDING', attempts: 1, claimedUntil: new Date(now + ctx.timing.leaseMs) };
}

/** A row this call inserted: its planned state, or (claimed) its transmission. */
export function settleFresh(row: OutboxRow, t: Target, ctx: DeliveryContext): Promise<Outcome> | Outcome {
  if (row.status === 'FAILED') return { kind: 'failed', error: row.lastError ?? '' };
  if (row.status === 'SKIPPED') return { kind: 'skipped' };
  if (row.notBefore) return { kind: 'deferred', until: row.notBefore };
  ctx.attempt.hold(row.id, row.claimedUntil!);
  return transmit(row, row.attempts, t, ctx);
}

/** A row an earlier call wrote: done, failed, skipped, still waiting, held by another attempt, or ours to send. */
export async function resume(first: OutboxRow, t: Target, ctx: DeliveryContext): Promise<Outcome> {
  let row = first;
  for (let round = 0; round < 5; round++) {
    if (row.status === 'SENT') return { kind: 'alreadySent' };
    if (row.status === 'SKIPPED') return { kind: 'skipped' };
    if (row.status === 'UNCERTAIN') return { kind: 'uncertain' };
    if (row.status === 'FAILED')
      return { kind: 'failed', error: describeError(row.lastError ?? 'thất bại', [row.recipient]) };
    const now = ctx.now();
    if (row.claimedUntil && row.claimedUntil > now) {
      const next = await waitForHolder(row, ctx);
      if (!next) return retry('đang được gửi bởi một lần thử khác');
      row = next;
      continue;
    }
    const earliest = t.channel.earliest(now.getTime(), ctx.window);
    // An attempt died holding the row (its claim lapsed). It may have delivered the message if it had
    // handed over the whole content, or (gateways) at any point of its request.
    const lapsed = row.claimedUntil !== null;
    const mayHaveArrived = lapsed && (row.transmittedAt !== null || !t.channel.resendMayDuplicate);
    if (ctx.usefulUntil !== undefined && Math.max(now.getTime(), earliest) > ctx.usefulUntil) {
      // One that may have arrived is not resent, and not called skipped.
      const died = mayHaveArrived;
      const reason = died
        ? `${tooLateReason(ctx)}; một lần thử đã dừng khi đang gửi: có thể đã đến`
        : tooLateReason(ctx, row.lastError);
      if (await ctx.outbox.skip(row.id, now, reason, died ? 'UNCERTAIN' : 'SKIPPED'))
        return died ? { kind: 'uncertain' } : { kind: 'skipped' };
      row = await ctx.outbox.get(row.id);
      continue;
    }
    if (earliest > now.getTime()) {
      if (row.notBefore?.getTime() !== earliest) await ctx.outbox.setNotBefore(row.id, new Date(earliest));
      return { kind: 'deferred', until: new Date(earliest) };
    }
    if (mayHaveArrived && t.channel.resendMayDuplicate) {
      // The relay had the whole message when that attempt died, and relays queue before they
      // answer: most likely delivered. Not resent (a duplicate for every crash), shown as uncertain.
      const reason = 'một lần thử đã dừng sau khi máy chủ thư nhận đủ nội dung: có thể đã đến, không gửi lại';
      if (await ctx.outbox.skip(row.id, now, reason, 'UNCERTAIN')) return { kind: 'uncertain' };
      row = await ctx.outbox.get(row.id);
      continue;
    }
    if (ctx.attempt.cancelled()) return retry('chưa gửi: lần thử đã bị dừng');
    const leaseUntil = new Date(now.getTime() + ctx.timing.leaseMs);
    ctx.attempt.hold(row.id, leaseUntil);
    // A lapsed email claim with no mark of its transmission is sent again: the mark leaves the
    // worker just before the dot, so without it the relay never had a whole message.
    const claim = await ctx.outbox.claim(row.id, now, leaseUntil, false);
    if (!claim) {
      ctx.attempt.unhold(row.id);
      row = await ctx.outbox.get(row.id);
      continue;
    }
    if (lapsed) {
      warn(ctx, t, 'notify: an earlier attempt died before transmitting this delivery; sending it');
    }
    return transmit(row, claim.attempts, t, ctx);
  }
  return retry('trạng thái thay đổi liên tục, thử lại sau');
}

/** Waits (heartbeating) while another live attempt holds the row; null when waiting is over. */
async function waitForHolder(row: OutboxRow, ctx: DeliveryContext): Promise<OutboxRow | null> {
  const deadline = performance.now() + ctx.timing.leaseWaitMs;
  let current = row;
  while (current.status === 'PENDING' && current.claimedUntil && current.claimedUntil > ctx.now()) {
    const left = deadline - performance.now();
    if (left <= 0) return null;
    const untilLapse = current.claimedUntil.getTime() - ctx.now().getTime() + 10;
    if (!(await ctx.attempt.sleep(Math.min(left, 1_000, untilLapse)))) return null;
    current = await ctx.outbox.get(row.id);
  }
  return current;
}

/** Hands a claimed row to its channel and records what happened; `claimNo` names this attempt's claim. */
async function transmit(row: OutboxRow, claimNo: number, t: Target, ctx: DeliveryContext): Promise<Outcome> {
  // Only where a repeat cannot be recognised by the provider: the transmission is recorded (one
  // statement, on an idle connection) in the tick the bytes that complete the message go out.
  // Settled before any outcome is written, so a late mark can never land on a row released for a resend.
  let marked: Promise<void> | undefined;
  const control = {
    mayTransmit: () => ctx.attempt.mayTransmit(row.id),
    signal: ctx.attempt.signal,
    ...(t.channel.resendMayDuplicate
      ? {
          beforeLastBytes: async () => {
            const slot = await ctx.outbox.markSlot(ctx.attempt.signal);
            return {
              abandon: () => slot.cancel(),
              complete: () => {
                if (!ctx.attempt.mayTransmit(row.id)) {
                  slot.cancel();
                  return false;
                }
                marked = slot.submit(row.id, claimNo).then(
                  (held) => {
                    if (!held)
                      warn(ctx, t, 'notify: another attempt took this delivery over while it was sent');
                  },
                  (err: unknown) => warn(ctx, t, 'notify: transmission sent but not marked', err),
                );
                return true;
              },
            };
          },
        }
      : {}),
  };
  let providerId: string | undefined;
  try {
    ({ providerId } = await t.channel.send(
      {
        contactId: t.contact.id,
        contactName: t.contact.name,
        address: t.address,
        content: t.content,
        idempotencyKey: t.key,
      },
      control,
    ));
  } catch (err) {
    await marked;
    const failure = t.channel.classify(err);
    const error = describeError(failure.message, [t.address], 1000);
    try {
      if (failure.kind === 'permanent') {
        await ctx.outbox.recordFailure(row.id, error, 'FAILED', claimNo);
        return { kind: 'failed', error };
      }
      if (failure.kind === 'uncertain') {
        await ctx.outbox.recordFailure(row.id, error, 'UNCERTAIN', claimNo);
        return { kind: 'uncertain' };
      }
      await ctx.outbox.recordFailure(row.id, error, undefined, claimNo);
    } catch (recordErr) {
      // The claim stays and runs out by itself; the next attempt takes it from there.
      return retry(`${error}; chưa ghi được kết quả: ${describeError(recordErr)}`);
    } finally {
      ctx.attempt.unhold(row.id);
    }
    const configuration = failure.kind === 'configuration';
    return { kind: 'retry', error, configuration, variable: failure.variable };
  }
  await marked;
  const recorded = await recordAccepted(row, providerId, t, ctx);
  ctx.attempt.unhold(row.id);
  return recorded ? { kind: 'sent' } : retry('đã gửi nhưng chưa ghi nhận được vào cơ sở dữ liệu');
}

/** The acceptance, written as soon as it is known and retried while the attempt lives (then a grace period). */
async function recordAccepted(
  row: OutboxRow,
  providerId: string | undefined,
  t: Target,
  ctx: DeliveryContext,
): Promise<boolean> {
  const started = performance.now();
  let cancelledAt: number | undefined;
  for (let delay = 100; ; delay = Math.min(delay * 2, 2_000)) {
    try {
      await ctx.outbox.recordSent(row.id, ctx.now(), providerId);
      return true;
    } catch (err) {
      const elapsed = performance.now() - started;
      if (ctx.attempt.cancelled()) cancelledAt ??= performance.now();
      const graceOver =
        cancelledAt !== undefined && performance.now() - cancelledAt > ctx.timing.recordGraceMs;
      if (graceOver || elapsed > 5 * 60_000) return false;
      if (delay === 100) warn(ctx, t, 'notify: accepted delivery not recorded yet; retrying the record', err);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
