import type { Directory } from '../../activities/notify/directory';
import type { NewOutboxRow, Outbox, OutboxRow } from '../../activities/notify/outbox';
import type { ChannelContact } from '../../activities/channels';

// In-memory stand-ins for the outbox table and the contacts, for unit tests of the notify
// activity's logic (the same conditional rules as the SQL in activities/notify/outbox.ts).

export interface MemoryRow extends OutboxRow {
  sentAt: Date | null;
  providerId: string | null;
}

export function memoryOutbox(): Outbox & { rows: Map<number, MemoryRow> } {
  const rows = new Map<number, MemoryRow>();
  let nextId = 1;
  const find = (id: number) => {
    const row = rows.get(id);
    if (!row) throw new Error(`no row ${id}`);
    return row;
  };
  const copy = (r: MemoryRow): OutboxRow => ({ ...r });
  return {
    rows,
    insert(newRows: NewOutboxRow[]) {
      const keys = new Set([...rows.values()].map((r) => r.idempotencyKey));
      const added = newRows
        .filter((r) => !keys.has(r.idempotencyKey))
        .map((r) => {
          const row: MemoryRow = {
            id: nextId++,
            idempotencyKey: r.idempotencyKey,
            status: r.status,
            attempts: r.attempts,
            notBefore: r.notBefore,
            claimedUntil: r.claimedUntil,
            possibleDuplicate: false,
            transmittedAt: null,
            lastError: r.lastError,
            recipient: r.recipient,
            sentAt: null,
            providerId: null,
          };
          rows.set(row.id, row);
          return copy(row);
        });
      return Promise.resolve(added);
    },
    byKeys: (keys) =>
      Promise.resolve([...rows.values()].filter((r) => keys.includes(r.idempotencyKey)).map(copy)),
    get: (id) => Promise.resolve(copy(find(id))),
    claim(id, now, leaseUntil, flagLapsed) {
      const row = find(id);
      if (row.status !== 'PENDING' || (row.claimedUntil && row.claimedUntil > now))
        return Promise.resolve(null);
      row.possibleDuplicate ||= row.claimedUntil !== null && flagLapsed;
      row.attempts += 1;
      row.claimedUntil = leaseUntil;
      return Promise.resolve({ possibleDuplicate: row.possibleDuplicate, attempts: row.attempts });
    },
    renew(ids, leaseUntil) {
      for (const id of ids) if (find(id).status === 'PENDING') find(id).claimedUntil = leaseUntil;
      return Promise.resolve();
    },
    markSlot() {
      return Promise.resolve({
        submit(id: number, claimNo: number) {
          const row = find(id);
          if (row.status !== 'PENDING' || row.attempts !== claimNo) return Promise.resolve(false);
          row.transmittedAt = new Date();
          return Promise.resolve(true);
        },
        cancel: () => undefined,
      });
    },
    recordSent(id, sentAt, providerId) {
      Object.assign(find(id), {
        status: 'SENT',
        sentAt,
        providerId: providerId ?? null,
        lastError: null,
        notBefore: null,
      });
      return Promise.resolve();
    },
    recordFailure(id, lastError, final, claimNo) {
      const row = find(id);
      if (final) Object.assign(row, { lastError, status: final });
      else if (row.status === 'PENDING' && row.attempts === claimNo)
        Object.assign(row, { lastError, claimedUntil: null, transmittedAt: null });
      return Promise.resolve();
    },
    release(id) {
      find(id).claimedUntil = null;
      return Promise.resolve();
    },
    setNotBefore(id, notBefore) {
      find(id).notBefore = notBefore;
      return Promise.resolve();
    },
    skip(id, now, reason, status = 'SKIPPED') {
      const row = find(id);
      if (row.status !== 'PENDING' || (row.claimedUntil && row.claimedUntil > now))
        return Promise.resolve(false);
      Object.assign(row, { status, lastError: reason });
      return Promise.resolve(true);
    },
  };
}

/** One agency `code` with these contacts under every role asked for. */
export function memoryDirectory(code: string, name: string, contacts: ChannelContact[]): Directory {
  return {
    recipients: (agencyCode) =>
      Promise.resolve(
        agencyCode === code ? { agency: { code, name }, contacts: contacts.map((c) => ({ ...c })) } : null,
      ),
    agencyNames: (codes) => Promise.resolve(new Map(codes.filter((c) => c === code).map((c) => [c, name]))),
  };
}
