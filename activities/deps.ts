import type { AppConfig } from '../config';
import type { Db } from '../config/connections';
import type { WorkingCalendar } from '../domain/calendar';
import type { ChannelRegistry } from './channels';
import type { NotifyConnections } from './notify/connections';

/** What activities need from the outside world; tests pass the same shape with fakes or test servers. */
export interface ActivityDeps {
  db: Db;
  config: Pick<AppConfig, 'timeZone'> & Partial<AppConfig>;
  /** The current instant; injectable so tests can pin it. */
  now: () => Date;
  /** Every notification channel (email, SMS...), built from the configuration. */
  channels: ChannelRegistry;
  /** Vietnam's working days: weekends, public holidays and swapped days. */
  calendar: WorkingCalendar;
  /** Notify's database connections of its own (the worker's; without them, through Prisma). */
  notifyConnections?: NotifyConnections;
  /** Signals running workflows (the cycle's broadcast to its reports). */
  signals?: WorkflowSignaller;
}

export interface WorkflowSignaller {
  /** Signals each workflow, a bounded number at a time; one that has already ended is skipped. */
  signalAll(workflowIds: string[], signal: string, args: unknown[]): Promise<void>;
  /** A workflow's query; undefined when no such workflow exists. */
  query?<T>(workflowId: string, query: string): Promise<T | undefined>;
  /** A workflow's update, waited for; rejects when its validator refuses. */
  update?<T>(workflowId: string, update: string, args: unknown[]): Promise<T>;
}
