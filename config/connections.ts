import fs from 'node:fs';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { Connection, type ConnectionOptions } from '@temporalio/client';
import { NativeConnection, type NativeConnectionOptions } from '@temporalio/worker';
import { PrismaClient } from '../prisma/generated/client';
import type { AppConfig } from '.';

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

function tlsOptions(config: AppConfig['temporal']): NativeConnectionOptions['tls'] {
  if (!config.tls && !config.apiKey) return undefined;
  if (!config.tls) return true;
  const { certPath, keyPath, caPath, serverName } = config.tls;
  return {
    serverNameOverride: serverName,
    serverRootCACertificate: caPath ? fs.readFileSync(caPath) : undefined,
    clientCertPair:
      certPath && keyPath ? { crt: fs.readFileSync(certPath), key: fs.readFileSync(keyPath) } : undefined,
  };
}

export function connectWorker(config: AppConfig['temporal']): Promise<NativeConnection> {
  return NativeConnection.connect({
    address: config.address,
    tls: tlsOptions(config),
    apiKey: config.apiKey,
  });
}

export function connectClient(config: AppConfig['temporal']): Promise<Connection> {
  const options: ConnectionOptions = {
    address: config.address,
    tls: tlsOptions(config) as ConnectionOptions['tls'],
    apiKey: config.apiKey,
    connectTimeout: '5s',
  };
  return Connection.connect(options);
}

/** A database URL with its password hidden, for logs. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
