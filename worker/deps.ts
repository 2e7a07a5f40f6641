import type { ActivityDeps } from '../activities';
import { createNotificationDeps } from '../activities/notifications';
import { createWorkingCalendar } from '../domain/calendar';
import type { AppConfig } from '../config';
import type { Db } from '../config/connections';
import { createNotifyConnections } from '../activities/notify/connections';
import { createSignaller } from './signaller';

/** The real dependencies of every activity: the database, the notification channels, the calendar. */
export function createActivityDeps(config: AppConfig, db: Db): ActivityDeps & { close(): void } {
  const { channels } = createNotificationDeps(config);
  const signals = createSignaller(config.temporal);
  const notifyConnections = createNotifyConnections(config.databaseUrl);
  return {
    db,
    config,
    now: () => new Date(),
    channels,
    calendar: createWorkingCalendar(),
    signals,
    notifyConnections,
    // Closing only says goodbye to idle SMTP connections and the signalling client: nothing to wait for.
    close: () => {
      void channels.close();
      void signals.close();
      void notifyConnections.close();
    },
  };
}
