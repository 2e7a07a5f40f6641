import { Client } from '@temporalio/client';
import { loadConfig, type AppConfig } from '../../config';
import { checkDb, connectClient, createDb, redactUrl, type Db } from '../../config/connections';
import { CliError } from './errors';

/** Connections a command needs, opened on first use and closed once at exit. */
export class CliContext {
  private cachedConfig?: AppConfig;
  private cachedDb?: Db;
  private cachedClient?: Client;

  get config(): AppConfig {
    this.cachedConfig ??= loadConfig();
    return this.cachedConfig;
  }

  async db(): Promise<Db> {
    if (!this.cachedDb) {
      const db = createDb(this.config.databaseUrl);
      try {
        await checkDb(this.config.databaseUrl);
      } catch (err) {
        await db.$disconnect();
        throw new CliError(
          `không kết nối được cơ sở dữ liệu ${redactUrl(this.config.databaseUrl)} (đã chạy "npm run dev" hoặc đặt DATABASE_URL chưa?): ${firstLine(err)}`,
        );
      }
      this.cachedDb = db;
    }
    return this.cachedDb;
  }

  async temporal(): Promise<Client> {
    if (!this.cachedClient) {
      const { address, namespace } = this.config.temporal;
      const connection = await connectClient(this.config.temporal).catch((err: unknown) => {
        throw new CliError(`không kết nối được Temporal tại ${address}: ${firstLine(err)}`);
      });
      this.cachedClient = new Client({ connection, namespace });
    }
    return this.cachedClient;
  }

  async close(): Promise<void> {
    await this.cachedClient?.connection.close();
    await this.cachedDb?.$disconnect();
  }
}

export function firstLine(err: unknown): string {
  return (
    (err instanceof Error ? err.message : String(err)).split('\n').find((l) => l.trim() !== '') ??
    'lỗi không rõ'
  );
}
