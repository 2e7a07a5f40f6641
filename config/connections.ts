import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '../prisma/generated/client';

export type Db = PrismaClient;

export function createDb(databaseUrl: string): Db {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
}

/** Fails with the database's own one-line reason if it cannot be reached or has no schema yet. */
export async function checkDb(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('SELECT 1 FROM "Agency" LIMIT 1');
  } catch (err) {
    const message = (err as Error).message || (err as { code?: string }).code || String(err);
    throw new Error(
      /does not exist/.test(message) ? `${message} (migrations not applied: npm run db:migrate)` : message,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

// Kept apart so that a caller can redact without loading the Prisma client.
export { redactUrl } from './urls';
