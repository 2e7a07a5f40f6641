import { createWorkingCalendar, snapshotOf, type CalendarSnapshot, type IsoDate } from '../domain/calendar';
import type { ActivityDeps } from './deps';

// The calendar a workflow lives by, taken when it starts (this activity's result is in its history).

export function createCalendarActivities(_deps: Pick<ActivityDeps, 'db'>) {
  return {
    /** The working-day calendar in force from `from` to `to`, with the version of each year's data. */
    async loadCalendarSnapshot(range: { from: IsoDate; to: IsoDate }): Promise<CalendarSnapshot> {
      return snapshotOf(createWorkingCalendar(), range);
    },
  };
}
