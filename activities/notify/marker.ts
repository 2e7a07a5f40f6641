import pg from 'pg';

// The record that an email's last bytes went out, written to the database's socket in the same
// instant as those bytes go to the relay's. It runs on connections of its own, taken only when idle,
// so nothing queues in front of it: the statement leaves the process synchronously, and the
// database applies it even if the worker dies a microsecond later. A crash can then fall only
// between two writes of one tick, instead of across a database round trip.

/** A free connection, held until the mark is submitted or the slot given back. */
export interface MarkSlot {
  /** Writes the mark now (before returning); resolves true if the claim `claimNo` still held the row. */
  submit(id: number, claimNo: number): Promise<boolean>;
  /** Gives the connection back unused. */
  cancel(): void;
}

export interface Marker {
  /** Resolves with a free connection (opening one if fewer than `size` are open); rejects if the database cannot be reached. */
  slot(signal?: AbortSignal): Promise<MarkSlot>;
  close(): Promise<void>;
}

const int = (n: number) => {
  if (!Number.isSafeInteger(n)) throw new Error('mark: ids must be integers');
  return n;
};

/** How the marking connections are named in pg_stat_activity. */
export const MARKER_APPLICATION_NAME = 'cchc-notify-marker';

/** The mark, as one simple-protocol statement (one write to the socket): written only by the claim `claimNo`. */
export const markStatement = (id: number, claimNo: number) =>
  `UPDATE "Notification" SET "transmittedAt" = now() WHERE "id" = ${int(id)} AND "attempts" = ${int(claimNo)} AND "status" = 'PENDING'`;

export function createPgMarker(databaseUrl: string, size = 4): Marker {
  const idle: pg.Client[] = [];
  const broken = new WeakSet<pg.Client>();
  const waiting: { take: (c: pg.Client) => void; fail: (err: unknown) => void }[] = [];
  let open = 0;
  let closed = false;

  const drop = (client: pg.Client) => {
    if (broken.has(client)) return;
    broken.add(client);
    open -= 1;
    const i = idle.indexOf(client);
    if (i >= 0) idle.splice(i, 1);
    void client.end().catch(() => undefined);
    // Someone waits for a connection that will not come back: open one for them.
    if (!closed && waiting.length > 0 && open < size)
      connect().then(release, (err: unknown) => waiting.shift()?.fail(err));
  };
  const release = (client: pg.Client) => {
    if (broken.has(client)) return;
    if (closed) return drop(client);
    const next = waiting.shift();
    if (next) next.take(client);
    else idle.push(client);
  };
  const connect = async (): Promise<pg.Client> => {
    const client = new pg.Client({
      connectionString: databaseUrl,
      connectionTimeoutMillis: 5_000,
      application_name: MARKER_APPLICATION_NAME,
    });
    // A connection lost while idle is only retired; the next slot opens another.
    client.on('error', () => drop(client));
    client.on('end', () => drop(client));
    open += 1;
    try {
      await client.connect();
      return client;
    } catch (err) {
      drop(client);
      throw err;
    }
  };
  const slotOf = (client: pg.Client): MarkSlot => {
    let used = false;
    return {
      submit(id, claimNo) {
        if (used) throw new Error('mark: slot already used');
        used = true;
        const query = client.query(markStatement(id, claimNo));
        return query.then(
          (result) => {
            release(client);
            return (result.rowCount ?? 0) > 0;
          },
          (err: unknown) => {
            drop(client);
            throw err;
          },
        );
      },
      cancel() {
        if (used) return;
        used = true;
        release(client);
      },
    };
  };

  return {
    async slot(signal) {
      if (closed) throw new Error('mark: closed');
      const ready = idle.pop();
      if (ready) return slotOf(ready);
      if (open < size) return slotOf(await connect());
      return new Promise<MarkSlot>((resolve, reject) => {
        const entry = {
          take: (client: pg.Client) => {
            signal?.removeEventListener('abort', abort);
            resolve(slotOf(client));
          },
          fail: (err: unknown) => {
            signal?.removeEventListener('abort', abort);
            reject(err instanceof Error ? err : new Error(String(err)));
          },
        };
        const abort = () => {
          const i = waiting.indexOf(entry);
          if (i >= 0) waiting.splice(i, 1);
          reject(new Error('mark: attempt stopped while waiting for a connection'));
        };
        signal?.addEventListener('abort', abort, { once: true });
        waiting.push(entry);
      });
    },
    async close() {
      closed = true;
      await Promise.all(idle.splice(0).map((c) => c.end().catch(() => undefined)));
    },
  };
}
