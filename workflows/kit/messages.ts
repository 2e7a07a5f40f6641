import { defineSignal } from '@temporalio/workflow';
import type { CalendarSnapshot } from '../../domain/calendar/snapshot';

// Messages every long-lived workflow takes, whatever its feature.

/**
 * A new calendar version was published (`cchc calendar publish`): the workflow replaces its
 * snapshot and re-plans its future steps only (steps already sent stay sent; a deadline already
 * passed stays passed). The snapshot covers at least the range the workflow's own snapshot covers.
 */
export const calendarChangedSignal = defineSignal<[CalendarSnapshot]>('calendarChanged');
