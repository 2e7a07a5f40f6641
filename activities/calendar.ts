import { ApplicationFailure } from '@temporalio/activity';
import { loadSnapshotInForce, snapshotRangeProblem } from '../config/calendar-versions';
import { CalendarFileError, isIsoDate, type CalendarSnapshot, type IsoDate } from '../domain/calendar';
import type { ActivityDeps } from './deps';

// The calendar a workflow lives by, read when it starts: a snapshot of the versions in force
// (published in the database, else shipped), recorded in its history as this activity's result.

export interface CalendarRange {
  /** First and last day the snapshot must answer for (YYYY-MM-DD). */
  from: IsoDate;
  to: IsoDate;
}

export function createCalendarActivities({ db }: Pick<ActivityDeps, 'db'>) {
  return {
    /** The snapshot of the calendar in force over `range`, with the version of each year. */
    async loadCalendarSnapshot(range: CalendarRange): Promise<CalendarSnapshot> {
      const bad = !isIsoDate(range?.from ?? '') || !isIsoDate(range?.to ?? '');
      const problem = bad ? 'from và to phải là ngày dạng YYYY-MM-DD' : snapshotRangeProblem(range);
      if (problem)
        throw ApplicationFailure.nonRetryable(
          `khoảng ngày của lịch nghỉ: ${problem}`,
          'InvalidCalendarRange',
        );
      try {
        return await loadSnapshotInForce(db, range);
      } catch (err) {
        // Stored data today's schema refuses: retried, so that publishing a corrected version unblocks it.
        if (err instanceof CalendarFileError)
          throw ApplicationFailure.retryable(
            `lịch nghỉ đã công bố không hợp lệ: ${err.message}`,
            'InvalidCalendarData',
          );
        throw err;
      }
    },
  };
}
