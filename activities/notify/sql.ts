import pg from 'pg';
import type { Db } from '../../config/connections';

// The statements every message goes through (its recipients, its outbox row, its acceptance) on a
// small pool of plain `pg` connections of the worker's own. Through Prisma each costs its client and
// query-compiler work (~1 ms of CPU per statement, measured by bench/email-throughput.ts); here it is
// the driver's. Everything else stays on Prisma.

export interface NotifySql {
  /** Rows of one parameterised statement ($1, $2…). Dates are passed as ISO strings (UTC). */
  query<T>(text: string, values: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/** How these connections are named in pg_stat_activity. */
export const NOTIFY_SQL_APPLICATION_NAME = 'cchc-notify';

const TIMESTAMP = 1114; // timestamp without time zone: Prisma's DateTime columns, which hold UTC

/** The driver's parsers, except that a `timestamp` is read as UTC (as Prisma writes it), not in the process's zone. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === TIMESTAMP && format !== 'binary'
      ? (value: string) => new Date(`${value.replace(' ', 'T')}Z`)
      : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

export function createPgNotifySql(databaseUrl: string, size = 4): NotifySql {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: size,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 60_000,
    application_name: NOTIFY_SQL_APPLICATION_NAME,
    types,
  });
  // An idle connection the database dropped is only retired; the pool opens another when needed.
  pool.on('error', () => undefined);
  return {
    query: async <T>(text: string, values: unknown[]) => (await pool.query(text, values)).rows as T[],
    close: () => pool.end(),
  };
}

/** The same statements through Prisma (tests and tools that have no pool of their own). */
export function prismaNotifySql(db: Db): NotifySql {
  return {
    query: <T>(text: string, values: unknown[]) => db.$queryRawUnsafe<T[]>(text, ...values),
    close: async () => undefined,
  };
}
