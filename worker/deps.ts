import type { ActivityDeps } from '../activities';
import { createNotificationDeps } from '../activities/notifications';
import { createWorkingCalendar, DEFAULT_POLICY } from '../domain/calendar';
import type { AppConfig } from '../config';
import type { Db } from '../config/connections';

/** The real dependencies of every activity: the database, pooled SMTP, the SMS route, the calendar. */
export function createActivityDeps(config: AppConfig, db: Db): ActivityDeps & { close(): void } {
  const { mailer, sms } = createNotificationDeps(config);
  return {
    db,
    config,
    now: () => new Date(),
    mailer,
    sms,
    calendar: createWorkingCalendar(),
    quietHours: DEFAULT_POLICY.quietHours,
    close: () => mailer.close(),
  };
}
