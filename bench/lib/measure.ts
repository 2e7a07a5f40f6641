import { messageIdFor } from '../../activities/channels/email';
import { requestIdFor } from '../../activities/channels/sms';
import type { ReceivedMail } from '../../test/support/smtp';
import type { GatewayRequest } from '../../test/support/sms-gateway';
import { noticeKey, noticeOfRow, type ExpectedNotice } from './drill';

// What a fault run delivered, counted where it arrived (the SMTP sink, the gateway stub) and
// compared with what the drill owed and what the outbox says.

export interface OutboxRecord {
  id: number;
  idempotencyKey: string;
  channel: string;
  purpose: string;
  agencyCode: string;
  recipient: string;
  status: string;
  attempts: number;
  possibleDuplicate: boolean;
  lastError: string | null;
}

export interface ChannelFigures {
  expected: number;
  /** Expected notices that arrived at least once. */
  delivered: number;
  /** Notices that arrived more than once, and the copies beyond the first. */
  duplicatedNotices: number;
  extraCopies: number;
  /** Of the extra copies: the same Message-ID / RequestId again, or another id for the same notice. */
  extraSameId: number;
  extraOtherId: number;
  /** Expected notices recorded FAILED (a permanent refusal): not delivered, and said so. */
  failed: number;
  /** Expected, never arrived, and not FAILED; by the row's status (none: no row at all). */
  lost: number;
  lostByStatus: Record<string, number>;
  /** Rows UNCERTAIN, and how many of them had in fact arrived. */
  uncertain: number;
  uncertainArrived: number;
  possibleDuplicateRows: number;
  /** Arrivals that match no expected notice. */
  unexpected: number;
}

export interface Figures {
  email: ChannelFigures;
  sms: ChannelFigures;
  rowsByStatus: Record<string, number>;
  pendingLeft: number;
  /** Expected SMS (all held back by the SMS window) that never reached the gateway. */
  deferredSmsNeverSent: number;
  /** Up to 10 examples of each problem, for the notes. */
  examples: Record<string, string[]>;
}

function emptyChannel(): ChannelFigures {
  return {
    expected: 0,
    delivered: 0,
    duplicatedNotices: 0,
    extraCopies: 0,
    extraSameId: 0,
    extraOtherId: 0,
    failed: 0,
    lost: 0,
    lostByStatus: {},
    uncertain: 0,
    uncertainArrived: 0,
    possibleDuplicateRows: 0,
    unexpected: 0,
  };
}

export function measure(input: {
  expected: ExpectedNotice[];
  rows: OutboxRecord[];
  mail: ReceivedMail[];
  sms: GatewayRequest[];
}): Figures {
  const examples: Record<string, string[]> = {};
  const example = (kind: string, text: string) => {
    const list = (examples[kind] ??= []);
    if (list.length < 10) list.push(text);
  };
  const byMessageId = new Map(input.rows.map((r) => [messageIdFor(r.idempotencyKey), r]));
  const byRequestId = new Map(input.rows.map((r) => [requestIdFor(r.idempotencyKey), r]));
  const rowsByNotice = new Map<string, OutboxRecord[]>();
  for (const r of input.rows) {
    const k = noticeOfRow(r);
    rowsByNotice.set(k, [...(rowsByNotice.get(k) ?? []), r]);
  }
  /** Notice key → the provider ids of its arrivals, in order. */
  const arrivals = new Map<string, string[]>();
  const arrivedRowIds = new Set<number>();
  const unexpected = { email: 0, sms: 0 };
  const expectedKeys = new Set(input.expected.map(noticeKey));
  const arrive = (
    channel: 'email' | 'sms',
    id: string | undefined,
    row: OutboxRecord | undefined,
    to: string,
  ) => {
    if (!row) {
      unexpected[channel] += 1;
      example(`unexpected-${channel}`, `${id ?? '(no id)'} to ${to}`);
      return;
    }
    arrivedRowIds.add(row.id);
    const k = noticeOfRow(row);
    if (!expectedKeys.has(k)) {
      unexpected[channel] += 1;
      example(`unexpected-${channel}`, k);
    }
    arrivals.set(k, [...(arrivals.get(k) ?? []), id ?? '']);
  };
  for (const m of input.mail)
    arrive(
      'email',
      m.messageId,
      m.messageId ? byMessageId.get(m.messageId) : undefined,
      m.envelope.to.join(','),
    );
  for (const r of input.sms) {
    const id = String(r.body.RequestId ?? r.body.requestId ?? '');
    arrive('sms', id, byRequestId.get(id), String(r.body.Phone ?? r.body.phone ?? ''));
  }

  const figures = { email: emptyChannel(), sms: emptyChannel() };
  for (const n of input.expected) {
    const f = figures[n.channel];
    const k = noticeKey(n);
    f.expected += 1;
    const got = arrivals.get(k) ?? [];
    const rows = rowsByNotice.get(k) ?? [];
    if (got.length > 0) f.delivered += 1;
    if (got.length > 1) {
      f.duplicatedNotices += 1;
      f.extraCopies += got.length - 1;
      const distinct = new Set(got).size;
      f.extraOtherId += distinct - 1;
      f.extraSameId += got.length - distinct;
      example(
        `duplicate-${n.channel}`,
        `${k} ×${got.length} (rows ${rows.map((r) => `#${r.id} ${r.status} attempts=${r.attempts}`).join(', ')})`,
      );
    }
    if (got.length === 0) {
      if (rows.some((r) => r.status === 'FAILED')) f.failed += 1;
      else {
        f.lost += 1;
        const status = rows.map((r) => r.status).join('+') || 'none';
        f.lostByStatus[status] = (f.lostByStatus[status] ?? 0) + 1;
        example(
          `lost-${n.channel}`,
          `${k}: ${status}${rows[0]?.lastError ? ` (${rows[0].lastError.slice(0, 160)})` : ''}`,
        );
      }
    }
  }
  for (const r of input.rows) {
    const f = r.channel === 'SMS' ? figures.sms : figures.email;
    if (r.status === 'UNCERTAIN') {
      f.uncertain += 1;
      if (arrivedRowIds.has(r.id)) f.uncertainArrived += 1;
    }
    if (r.possibleDuplicate) f.possibleDuplicateRows += 1;
  }
  figures.email.unexpected = unexpected.email;
  figures.sms.unexpected = unexpected.sms;
  const rowsByStatus: Record<string, number> = {};
  for (const r of input.rows)
    rowsByStatus[`${r.channel}:${r.status}`] = (rowsByStatus[`${r.channel}:${r.status}`] ?? 0) + 1;
  const pendingLeft = input.rows.filter((r) => r.status === 'PENDING').length;
  for (const r of input.rows.filter((x) => x.status === 'PENDING').slice(0, 10))
    example('pending', `#${r.id} ${r.channel} ${r.purpose} ${r.agencyCode} attempts=${r.attempts}`);
  return {
    ...figures,
    rowsByStatus,
    pendingLeft,
    deferredSmsNeverSent: figures.sms.expected - figures.sms.delivered - figures.sms.failed,
    examples,
  };
}
