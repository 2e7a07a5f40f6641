import { compareDates, isWeekend, type IsoDate } from './dates';
import type { CalendarSnapshot } from './snapshot';

// What a new calendar version changes against the one in force, day by day: days off added or
// removed (or renamed), weekend days made working days (làm bù) added or removed. Compared on
// snapshots of the same range, so a year proposed from the lunar calendar compares like any other.

export interface DayChange {
  date: IsoDate;
  /** The name in the new version (added, renamed) or in the old one (removed). */
  name: string;
  /** For a renamed day: its old name. */
  was?: string;
}

export interface CalendarChanges {
  /** Working days that become days off. */
  daysOffAdded: DayChange[];
  /** Days off that become working days again (not by a swap). */
  daysOffRemoved: DayChange[];
  /** Days off under another name (plain weekends excluded). */
  daysOffRenamed: DayChange[];
  /** Weekend days that become working days (làm bù). */
  workingDaysAdded: DayChange[];
  /** Swapped working days that are days off again. */
  workingDaysRemoved: DayChange[];
}

interface Days {
  off: Map<IsoDate, string>;
  worked: Map<IsoDate, string>;
}

const daysOf = (s: CalendarSnapshot): Days => ({ off: new Map(s.daysOff), worked: new Map(s.workingDays) });

const isWorking = (days: Days, d: IsoDate) =>
  days.off.has(d) ? false : days.worked.has(d) ? true : !isWeekend(d);

/** The day changes from `before` to `after` (snapshots of the same range), each list in date order. */
export function calendarChanges(before: CalendarSnapshot, after: CalendarSnapshot): CalendarChanges {
  if (before.from !== after.from || before.to !== after.to)
    throw new Error('calendarChanges: the snapshots must cover the same range');
  const [old, next] = [daysOf(before), daysOf(after)];
  const changes: CalendarChanges = {
    daysOffAdded: [],
    daysOffRemoved: [],
    daysOffRenamed: [],
    workingDaysAdded: [],
    workingDaysRemoved: [],
  };
  const dates = new Set([...old.off.keys(), ...old.worked.keys(), ...next.off.keys(), ...next.worked.keys()]);
  for (const date of [...dates].sort(compareDates)) {
    const [was, now] = [isWorking(old, date), isWorking(next, date)];
    if (was && !now) {
      if (old.worked.has(date)) changes.workingDaysRemoved.push({ date, name: old.worked.get(date)! });
      else changes.daysOffAdded.push({ date, name: next.off.get(date) ?? '' });
    } else if (!was && now) {
      if (next.worked.has(date)) changes.workingDaysAdded.push({ date, name: next.worked.get(date)! });
      else changes.daysOffRemoved.push({ date, name: old.off.get(date) ?? '' });
    } else if (!now && old.off.has(date) && next.off.has(date) && old.off.get(date) !== next.off.get(date))
      changes.daysOffRenamed.push({ date, name: next.off.get(date)!, was: old.off.get(date)! });
  }
  return changes;
}

/** True when every day is a working day in both or in neither (renames do not count). */
export function movesNoDay(c: CalendarChanges): boolean {
  const moved = [c.daysOffAdded, c.daysOffRemoved, c.workingDaysAdded, c.workingDaysRemoved];
  return moved.every((list) => list.length === 0);
}
