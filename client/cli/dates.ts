import { formatVnDatePadded, vnDateOf, vnMinuteOfDay, type IsoDate } from '../../domain/calendar';

// One date format everywhere officials read: dd/mm/yyyy, times HH:mm, Vietnam time (UTC+7).

/** `16/03/2027`. */
export const vnDay = (date: IsoDate) => formatVnDatePadded(date);

/** `16/03/2027 08:00`. */
export function vnTime(instant: number | Date): string {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  const m = vnMinuteOfDay(ms);
  return `${vnDay(vnDateOf(ms))} ${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** A deadline as officials read it: `hết ngày 16/03/2027`, or a drill's minute `16/03/2027 10:30`. */
export function vnDeadline(dueAt: Date | number, drill: boolean): string {
  const ms = typeof dueAt === 'number' ? dueAt : dueAt.getTime();
  // A real deadline is the last millisecond of its day.
  return drill ? vnTime(ms) : `hết ngày ${vnDay(vnDateOf(ms))}`;
}

/** `3 ngày làm việc`, `12 phút`. */
export function vnLateness(
  late: { unit: 'workingDays' | 'minutes'; amount: number } | null | undefined,
): string {
  if (!late) return '';
  return late.unit === 'minutes' ? `${late.amount} phút` : `${late.amount} ngày làm việc`;
}
