import type { Client } from '@temporalio/client';
import { loadConfig, type AppConfig } from '../../config';
import type { Db } from '../../config/connections';
import { firstLine, unavailable } from './errors';

/**
 * What a service needs from outside: the configuration and the two servers, opened on first use
 * (a command that needs neither loads neither) and closed once at the end.
 */
export class ServiceContext {
  private cachedConfig?: AppConfig;
  private cachedDb?: Db;
  private cachedClient?: Client;

  /** `env`: a given environment, taken as is; default: the process's, with a running `npm run dev`'s settings. */
  constructor(private readonly env?: NodeJS.ProcessEnv) {}

  get config(): AppConfig {
    this.cachedConfig ??= this.env ? loadConfig(this.env) : loadConfig();
    return this.cachedConfig;
  }

  async db(): Promise<Db> {
    if (!this.cachedDb) {
      const { checkDb, createDb, redactUrl } = await import('../../config/connections');
      const db = createDb(this.config.databaseUrl);
      try {
        await checkDb(this.config.databaseUrl);
      } catch (err) {
        await db.$disconnect();
        throw unavailable(
          `không kết nối được cơ sở dữ liệu ${redactUrl(this.config.databaseUrl)} (đã chạy "npm run dev" hoặc đặt DATABASE_URL chưa?): ${firstLine(err)}`,
        );
      }
      this.cachedDb = db;
    }
    return this.cachedDb;
  }

  async temporal(): Promise<Client> {
    if (!this.cachedClient) {
      const [{ Client }, { connectClient }] = await Promise.all([
        import('@temporalio/client'),
        import('../../config/temporal'),
      ]);
      const { address, namespace } = this.config.temporal;
      const connection = await connectClient(this.config.temporal).catch((err: unknown) => {
        throw unavailable(`không kết nối được Temporal tại ${address}: ${firstLine(err)}`);
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
