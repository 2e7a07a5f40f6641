import type { AppConfig } from '../config';
import type { Db } from '../config/connections';
import type { Mailer } from './mailer';
import type { QuietHours, WorkingCalendar } from '../domain/calendar';
import type { SmsGateway } from './sms';

/** What activities need from the outside world; tests pass the same shape with fakes or test servers. */
export interface ActivityDeps {
  db: Db;
  config: Pick<AppConfig, 'timeZone'> & Partial<AppConfig>;
  /** The current instant; injectable so tests can pin it. */
  now: () => Date;
  /** Pooled SMTP transport for every email. */
  mailer: Mailer;
  /** The configured SMS route (brandname gateway, webhook, or the development capture). */
  sms: SmsGateway;
  /** Vietnam's working days: weekends, public holidays and swapped days. */
  calendar: WorkingCalendar;
  /** The daily window, local "HH:MM", in which SMS may be sent on working days; quiet outside it. */
  quietHours: QuietHours;
}
