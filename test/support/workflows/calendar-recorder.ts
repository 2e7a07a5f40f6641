import { condition, defineQuery, setHandler } from '@temporalio/workflow';
import type { CalendarSnapshot } from '../../../domain/calendar/snapshot';
import { calendarChangedSignal } from '../../../workflows/kit/messages';

// A stand-in for a running cycle or inspection: it records every calendar it is told about.

export const receivedCalendarsQuery = defineQuery<CalendarSnapshot[]>('receivedCalendars');

/** Runs until terminated. */
export async function calendarRecorder(): Promise<void> {
  const received: CalendarSnapshot[] = [];
  setHandler(calendarChangedSignal, (snapshot) => void received.push(snapshot));
  setHandler(receivedCalendarsQuery, () => received);
  await condition(() => false);
}
