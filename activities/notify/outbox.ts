import { Prisma } from '../../prisma/generated/client';
import type { Db } from '../../config/connections';
import { BEFORE_SENDING, batched } from './batch';
import { markStatement, type Marker, type MarkSlot } from './marker';
import { prismaNotifySql, type NotifySql } from './sql';

// The outbox and delivery log (table Notification): every state change a delivery goes through, as
// few statements as possible. A row is claimed by one attempt at a time: `claimedUntil` is its
// lease, renewed while that attempt lives; a failure to record never clears it.

export type OutboxStatus = 'PENDING' | 'SENT' | 'FAILED' | 'UNCERTAIN' | 'SKIPPED';

/** The columns the notify activity reads back. */
export interface OutboxRow {
  id: number;
  idempotencyKey: string;
  status: OutboxStatus;
  attempts: number;
  notBefore: Date | null;
  claimedUntil: Date | null;
  possibleDuplicate: boolean;
  /** Set once an attempt began to hand the content to the provider; cleared by a recorded failure. */
  transmittedAt: Date | null;
  lastError: string | null;
  recipient: string;
}

export interface NewOutboxRow {
  idempotencyKey: string;
  channel: string;
  purpose: string;
  workflowId: string;
  agencyCode: string;
  contactId: number;
  recipient: string;
  subject: string | null;
  body: string;
  status: 'PENDING' | 'FAILED' | 'SKIPPED';
  attempts: number;
  notBefore: Date | null;
  claimedUntil: Date | null;
  lastError: string | null;
}

export interface Outbox {
  /** Inserts the rows whose key is new and returns them; existing keys are left alone. */
  insert(rows: NewOutboxRow[]): Promise<OutboxRow[]>;
  byKeys(keys: string[]): Promise<OutboxRow[]>;
  get(id: number): Promise<OutboxRow>;
  /**
   * Claims a PENDING row whose lease is free or lapsed (the caller checked the send window); null if another
   * attempt holds it (or it is no longer PENDING). A lapsed lease means an attempt died holding it:
   * with `flagLapsed` the row is marked possibleDuplicate.
   */
  claim(
    id: number,
    now: Date,
    leaseUntil: Date,
    flagLapsed: boolean,
  ): Promise<{ possibleDuplicate: boolean; attempts: number } | null>;
  /** Extends the lease of rows still PENDING. */
  renew(ids: number[], leaseUntil: Date): Promise<void>;
  /**
   * For a provider that cannot be asked about a repeat (email): a connection on which the
   * transmission is recorded in the instant the bytes that complete the message go out, so that a
   * retry after a crash knows it may have arrived. Only by the attempt holding the row: `claimNo` is
   * the row's `attempts` when that attempt claimed it; for an attempt whose claim was taken over by
   * another, nothing is written and the submit resolves false.
   */
  markSlot(signal?: AbortSignal): Promise<MarkSlot>;
  /** The provider's acceptance, in one statement with those recorded at the same moment (group commit). */
  recordSent(id: number, sentAt: Date, providerId: string | undefined): Promise<void>;
  /**
   * A classified failure; `final` sets the status, otherwise the row stays PENDING and the lease of
   * claim `claimNo` is released (a claim another attempt has taken since is left alone).
   */
  recordFailure(
    id: number,
    lastError: string,
    final: 'FAILED' | 'UNCERTAIN' | undefined,
    claimNo: number,
  ): Promise<void>;
  /** The lease given back unused (the attempt stopped before transmitting). */
  release(id: number): Promise<void>;
  setNotBefore(id: number, notBefore: Date): Promise<void>;
  /** PENDING and not held by a live lease → SKIPPED (or UNCERTAIN). False if it was not (re-read it). */
  skip(id: number, now: Date, reason: string, status?: 'SKIPPED' | 'UNCERTAIN'): Promise<boolean>;
}

const ROW = {
  id: true,
  idempotencyKey: true,
  status: true,
  attempts: true,
  notBefore: true,
  claimedUntil: true,
  possibleDuplicate: true,
  transmittedAt: true,
  lastError: true,
  recipient: true,
} as const;

const RETURNING_COLUMNS = `"id", "idempotencyKey", "status"::text AS "status", "attempts", "notBefore",
  "claimedUntil", "possibleDuplicate", "transmittedAt", "lastError", "recipient"`;

/** `($1, $2), ($3, $4)…`: one tuple of `casts.length` parameters per row, each with its cast, then `also`. */
function placeholders(rows: number, casts: string[], also = ''): string {
  const width = casts.length;
  return Array.from(
    { length: rows },
    (_, r) => `(${casts.map((cast, c) => `$${r * width + c + 1}${cast}`).join(', ')}${also})`,
  ).join(', ');
}

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

/** The columns an outbox row is inserted with: name, the cast of its parameter, its value. */
const INSERTED: [string, string, (r: NewOutboxRow) => unknown][] = [
  ['idempotencyKey', '', (r) => r.idempotencyKey],
  ['channel', '', (r) => r.channel],
  ['purpose', '', (r) => r.purpose],
  ['workflowId', '', (r) => r.workflowId],
  ['agencyCode', '', (r) => r.agencyCode],
  ['contactId', '::int', (r) => r.contactId],
  ['recipient', '', (r) => r.recipient],
  ['subject', '', (r) => r.subject],
  ['body', '', (r) => r.body],
  ['status', '::"NotificationStatus"', (r) => r.status],
  ['attempts', '::int', (r) => r.attempts],
  ['notBefore', '::timestamp(3)', (r) => iso(r.notBefore)],
  ['claimedUntil', '::timestamp(3)', (r) => iso(r.claimedUntil)],
  ['lastError', '', (r) => r.lastError],
];
const INSERT_COLUMNS = INSERTED.map(([name]) => `"${name}"`).join(', ');
const INSERT_CASTS = INSERTED.map(([, cast]) => cast);
const MAX_INSERT_ROWS = 2_000;

export interface OutboxConnections {
  /** The connections that record transmissions in the instant they happen (the worker has one). */
  marker?: Marker;
  /** Where the per-message statements run (the worker's own pool; default: through Prisma). */
  sql?: NotifySql;
}

export function createPrismaOutbox(
  db: Db,
  { marker, sql = prismaNotifySql(db) }: OutboxConnections = {},
): Outbox {
  const recordSent = batched<{ id: number; sentAt: Date; providerId: string | null }, void>(async (items) => {
    await sql.query(
      `UPDATE "Notification" AS n
      SET "status" = 'SENT', "sentAt" = v.sent_at, "providerId" = v.provider_id, "lastError" = NULL,
          "notBefore" = NULL, "updatedAt" = now()
      FROM (VALUES ${placeholders(items.length, ['::int', '::timestamp(3)', '::text'])}) AS v(id, sent_at, provider_id)
      WHERE n."id" = v.id`,
      items.flatMap((i) => [i.id, i.sentAt.toISOString(), i.providerId]),
    );
    return items.map(() => undefined);
  });
  async function insertRows(rows: NewOutboxRow[]): Promise<OutboxRow[]> {
    const inserted: OutboxRow[] = [];
    // One statement per 2,000 rows waiting (within PostgreSQL's 65,535 parameters).
    for (let start = 0; start < rows.length; start += MAX_INSERT_ROWS) {
      const chunk = rows.slice(start, start + MAX_INSERT_ROWS);
      inserted.push(
        ...(await sql.query<OutboxRow>(
          `INSERT INTO "Notification" (${INSERT_COLUMNS}, "updatedAt")
          VALUES ${placeholders(chunk.length, INSERT_CASTS, ', now()')}
          ON CONFLICT ("idempotencyKey") DO NOTHING
          RETURNING ${RETURNING_COLUMNS}`,
          chunk.flatMap((r) => INSERTED.map(([, , value]) => value(r))),
        )),
      );
    }
    return inserted;
  }

  // Calls inserting at once share one INSERT; a key two calls both ask for goes to the first only.
  const insert = batched<NewOutboxRow[], OutboxRow[]>(async (calls) => {
    const first = new Map<string, number>();
    calls.forEach((rows, call) =>
      rows.forEach((r) => first.has(r.idempotencyKey) || first.set(r.idempotencyKey, call)),
    );
    const rows = calls.flatMap((rows, call) => rows.filter((r) => first.get(r.idempotencyKey) === call));
    const byCall = calls.map((): OutboxRow[] => []);
    for (const row of await insertRows(rows)) byCall[first.get(row.idempotencyKey)!]!.push(row);
    return byCall;
  }, BEFORE_SENDING);

  return {
    insert: (rows) => (rows.length === 0 ? Promise.resolve([]) : insert(rows)),
    byKeys: (keys) =>
      keys.length === 0
        ? Promise.resolve([])
        : db.notification.findMany({ where: { idempotencyKey: { in: keys } }, select: ROW }),
    get: (id) => db.notification.findUniqueOrThrow({ where: { id }, select: ROW }),
    async claim(id, now, leaseUntil, flagLapsed) {
      // One conditional UPDATE: Prisma's updateMany may select the ids first, which would let two attempts through.
      const rows = await db.$queryRaw<{ possibleDuplicate: boolean; attempts: number }[]>`
        UPDATE "Notification"
        SET "attempts" = "attempts" + 1, "claimedUntil" = ${leaseUntil}, "updatedAt" = now(),
            "possibleDuplicate" = "possibleDuplicate" OR ("claimedUntil" IS NOT NULL AND ${flagLapsed})
        WHERE "id" = ${id} AND "status" = 'PENDING'
          AND ("claimedUntil" IS NULL OR "claimedUntil" <= ${now})
        RETURNING "possibleDuplicate", "attempts"`;
      return rows[0] ?? null;
    },
    async renew(ids, leaseUntil) {
      if (ids.length === 0) return;
      await db.$executeRaw`
        UPDATE "Notification" SET "claimedUntil" = ${leaseUntil}
        WHERE "id" IN (${Prisma.join(ids)}) AND "status" = 'PENDING'`;
    },
    async markSlot(signal) {
      if (marker) return marker.slot(signal);
      // Without a marker of its own (tests in one process): the same statement through Prisma, a
      // round trip behind the dot, so a process killed in between sends the email again. The worker
      // always has its marker (worker/deps.ts); anything that runs notify where it may be killed must too.
      return {
        submit: async (id, claimNo) => (await db.$executeRawUnsafe(markStatement(id, claimNo))) > 0,
        cancel: () => undefined,
      };
    },
    recordSent: (id, sentAt, providerId) => recordSent({ id, sentAt, providerId: providerId ?? null }),
    async recordFailure(id, lastError, final, claimNo) {
      const text = lastError.slice(0, 1000);
      if (final) {
        await db.notification.update({ where: { id }, data: { lastError: text, status: final } });
        return;
      }
      // Not final: the provider refused or never got it, so the next attempt may send it again.
      await db.$executeRaw`
        UPDATE "Notification" SET "lastError" = ${text}, "claimedUntil" = NULL, "transmittedAt" = NULL,
          "updatedAt" = now()
        WHERE "id" = ${id} AND "attempts" = ${claimNo} AND "status" = 'PENDING'`;
    },
    async release(id) {
      await db.notification.update({ where: { id }, data: { claimedUntil: null } });
    },
    async setNotBefore(id, notBefore) {
      await db.notification.update({ where: { id }, data: { notBefore } });
    },
    async skip(id, now, reason, status = 'SKIPPED') {
      const count = await db.$executeRaw`
        UPDATE "Notification"
        SET "status" = ${status}::"NotificationStatus", "lastError" = ${reason.slice(0, 1000)}, "updatedAt" = now()
        WHERE "id" = ${id} AND "status" = 'PENDING' AND ("claimedUntil" IS NULL OR "claimedUntil" <= ${now})`;
      return count > 0;
    },
  };
}
