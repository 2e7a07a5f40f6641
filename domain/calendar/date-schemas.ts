import { z } from 'zod';
import { ISO_DATE_RE, isIsoDate, TIME_RE } from './dates';

// The schemas of dates and times in external input (files, CLI flags, update payloads). Apart from
// ./dates, whose arithmetic every report workflow loads: Temporal evaluates a workflow's modules
// for each workflow it creates, and building these schemas was a third of what loading ./dates cost.

export const isoDateSchema = z
  .string()
  .trim()
  .regex(ISO_DATE_RE, 'ngày phải có dạng YYYY-MM-DD (vd. 2022-03-16)')
  .refine(isIsoDate, 'ngày không tồn tại trong lịch');

/** `HH:MM`, 24-hour clock, local time in Vietnam. */
export const timeOfDaySchema = z.string().regex(TIME_RE, 'giờ phải có dạng HH:MM (vd. 07:30)');
