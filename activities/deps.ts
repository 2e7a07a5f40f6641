import type { AppConfig } from '../config';
import type { Db } from '../config/connections';
import type { WorkingCalendar } from '../domain/calendar';
import type { ChannelRegistry } from './channels';

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
}
