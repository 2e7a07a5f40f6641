import type { AppConfig } from '../worker/config';
import type { Db } from '../worker/connections';

/** What activities need from the outside world; tests pass the same shape with fakes or test servers. */
export interface ActivityDeps {
  db: Db;
  config: Pick<AppConfig, 'timeZone'> & Partial<AppConfig>;
  /** The current instant; injectable so tests can pin it. */
  now: () => Date;
}
